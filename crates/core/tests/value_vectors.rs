//! Shared test vectors for the value types: this test computes them with the core (the reference
//! semantics) and checks they equal the committed `test/vectors/values.json`, which the
//! TypeScript suite replays against its own implementation. After a deliberate change of
//! semantics, regenerate with `KAIROS_BLESS=1 cargo test -p kairos-core --test value_vectors`.

use std::fmt::Write as _;
use std::path::PathBuf;

use kairos_core::types::fixed::{format_raw, raw_from_f64};
use kairos_core::types::{Price, Quantity};

/// A small deterministic generator (SplitMix64) so the vectors never change by accident.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn digits(&mut self, n: u64) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
    fn decimal(&mut self) -> String {
        let sign = ["", "-", "+"][self.below(3) as usize];
        let int_len = self.below(20);
        let int = self.digits(int_len);
        let frac_len = self.below(19);
        let frac = self.digits(frac_len);
        let point = if frac_len > 0 || self.below(4) == 0 {
            "."
        } else {
            ""
        };
        let mut s = format!("{sign}{int}{point}{frac}");
        if self.below(25) == 0 {
            let pos = self.below(s.len() as u64 + 1) as usize;
            s.insert(pos, ['x', ' ', '.', 'e', '-'][self.below(5) as usize]);
        }
        s
    }
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn result_json(r: Result<(i128, u8), kairos_core::correctness::CorrectnessError>) -> String {
    match r {
        Ok((raw, p)) => format!(
            "{{\"raw\":\"{raw}\",\"precision\":{p},\"text\":{}}}",
            json_str(&format_raw(raw, p))
        ),
        Err(e) => format!(
            "{{\"code\":\"{}\",\"message\":{}}}",
            e.code(),
            json_str(&e.to_string())
        ),
    }
}

fn parse(
    kind: &str,
    text: &str,
    precision: Option<u8>,
) -> Result<(i128, u8), kairos_core::correctness::CorrectnessError> {
    match (kind, precision) {
        ("Quantity", Some(p)) => {
            Quantity::from_str_with_precision(text, p).map(|v| (v.raw(), v.precision()))
        }
        ("Quantity", None) => text.parse::<Quantity>().map(|v| (v.raw(), v.precision())),
        (_, Some(p)) => Price::from_str_with_precision(text, p).map(|v| (v.raw(), v.precision())),
        (_, None) => text.parse::<Price>().map(|v| (v.raw(), v.precision())),
    }
}

fn f64_json(x: f64) -> String {
    if x.is_nan() {
        "\"NaN\"".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "\"inf\"".into()
        } else {
            "\"-inf\"".into()
        }
    } else {
        // `{:?}` is the shortest string that parses back to the same double, in Rust and in JS.
        let s = format!("{x:?}");
        if s.contains('e') || s.contains('E') {
            json_str(&s)
        } else {
            s
        }
    }
}

fn generate() -> String {
    let mut rng = Rng(0x4B41_4952_4F53);
    let mut lines: Vec<String> = Vec::new();
    let kinds = ["Price", "Quantity"];

    let fixed_texts = [
        "0",
        "-0",
        "1",
        "1.10",
        "1.1",
        "20377.00",
        ".5",
        "7.",
        "+1.25",
        "-0.5",
        "",
        "-",
        ".",
        "12abc",
        "1e5",
        " 1",
        "1.2.3",
        "0.0000000000000001",
        "0.00000000000000001",
        "1000000000000000000",
        "1000000000000000000.0000000000000001",
        "-1000000000000000000",
        "1000000000000000001",
        "1000000000.12345678",
        "1000000000000.12345678",
        "99999999999999999999x",
    ];
    let mut texts: Vec<String> = fixed_texts.iter().map(|s| s.to_string()).collect();
    texts.extend((0..300).map(|_| rng.decimal()));
    for text in &texts {
        for kind in kinds {
            let p = if rng.below(2) == 0 {
                None
            } else {
                Some(rng.below(18) as u8)
            };
            let pj = p.map_or("null".to_string(), |p| p.to_string());
            lines.push(format!(
                "{{\"op\":\"parse\",\"kind\":\"{kind}\",\"text\":{},\"precision\":{pj},\"expect\":{}}}",
                json_str(text),
                result_json(parse(kind, text, p))
            ));
        }
    }

    let mut floats = vec![
        0.125,
        0.375,
        0.115,
        2.675,
        -2.5,
        3.5,
        1e-300,
        123_456_789.123_456_79,
        1.005,
        0.1,
        0.2,
        0.3,
        -0.0,
        5e-324,
        1e18,
        1.5e18,
        1e19,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        9_007_199_254_740_993.0,
    ];
    for _ in 0..300 {
        let mant = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
        let scale = 10f64.powi(rng.below(24) as i32 - 8);
        let half = (rng.below(2_000_000) as f64 + 0.5) / 10f64.powi(rng.below(9) as i32);
        let x = if rng.below(3) == 0 {
            half
        } else {
            mant * scale
        };
        floats.push(if rng.below(2) == 0 { x } else { -x });
    }
    for x in floats {
        for kind in kinds {
            let p = rng.below(19) as u8;
            let r = raw_from_f64(kind, x, p).and_then(|raw| match kind {
                "Quantity" => Quantity::new_checked(raw, p).map(|v| (v.raw(), v.precision())),
                _ => Price::new_checked(raw, p).map(|v| (v.raw(), v.precision())),
            });
            lines.push(format!(
                "{{\"op\":\"fromNumber\",\"kind\":\"{kind}\",\"value\":{},\"precision\":{p},\"expect\":{}}}",
                f64_json(x),
                result_json(r)
            ));
        }
    }

    for _ in 0..300 {
        let kind = kinds[rng.below(2) as usize];
        let (a, b) = (rng.decimal(), rng.decimal());
        let (Ok(va), Ok(vb)) = (parse(kind, &a, None), parse(kind, &b, None)) else {
            continue;
        };
        for op in ["add", "sub"] {
            let r = match kind {
                "Quantity" => {
                    let (x, y) = (Quantity::new(va.0, va.1), Quantity::new(vb.0, vb.1));
                    if op == "add" {
                        x.checked_add(y)
                    } else {
                        x.checked_sub(y)
                    }
                    .map(|v| (v.raw(), v.precision()))
                }
                _ => {
                    let (x, y) = (Price::new(va.0, va.1), Price::new(vb.0, vb.1));
                    if op == "add" {
                        x.checked_add(y)
                    } else {
                        x.checked_sub(y)
                    }
                    .map(|v| (v.raw(), v.precision()))
                }
            };
            lines.push(format!(
                "{{\"op\":\"{op}\",\"kind\":\"{kind}\",\"a\":{},\"b\":{},\"expect\":{}}}",
                json_str(&a),
                json_str(&b),
                result_json(r)
            ));
        }
    }
    format!("[\n{}\n]\n", lines.join(",\n"))
}

#[test]
fn committed_vectors_match_the_core() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../test/vectors/values.json");
    let generated = generate();
    if std::env::var_os("KAIROS_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "test/vectors/values.json is stale: regenerate with KAIROS_BLESS=1 cargo test -p kairos-core --test value_vectors"
    );
}

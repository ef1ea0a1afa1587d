//! Deterministic ids: `<prefix>-<seq>` with `seq` counting from 1 per engine. The same command
//! stream always yields the same ids, so a replayed backtest is byte-identical.

/// A counter that formats `<prefix>-<seq>`.
#[derive(Clone, Debug)]
pub struct IdGenerator {
    prefix: String,
    next: u64,
}

impl IdGenerator {
    /// Starts at `<prefix>-1`.
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.to_string(),
            next: 1,
        }
    }

    /// The next id.
    pub fn generate(&mut self) -> String {
        let id = format!("{}-{}", self.prefix, self.next);
        self.next += 1;
        id
    }

    /// How many ids were handed out.
    pub const fn count(&self) -> u64 {
        self.next - 1
    }
}

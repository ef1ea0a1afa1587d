//! The closed sets of the domain. Every enum has one upper-case wire name per variant (the
//! spec's spelling) and `FromStr`/`Display` over exactly those names; the binding exports the
//! lists so TypeScript never keeps its own copy.

use std::fmt;
use std::str::FromStr;

use crate::correctness::CorrectnessError;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire name (the spec's upper-case spelling).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = CorrectnessError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($wire => Ok($name::$variant),)+
                    _ => Err(CorrectnessError::UnknownVariant {
                        kind: stringify!($name),
                        value: s.to_string(),
                    }),
                }
            }
        }
    };
}

wire_enum!(
    /// The side of an order or a book level.
    OrderSide { Buy = "BUY", Sell = "SELL" }
);

impl OrderSide {
    /// The other side.
    pub const fn opposite(self) -> Self {
        match self {
            OrderSide::Buy => OrderSide::Sell,
            OrderSide::Sell => OrderSide::Buy,
        }
    }
}

wire_enum!(
    /// Order types.
    OrderType {
        Market = "MARKET",
        Limit = "LIMIT",
        StopMarket = "STOP_MARKET",
        StopLimit = "STOP_LIMIT",
        MarketToLimit = "MARKET_TO_LIMIT",
        MarketIfTouched = "MARKET_IF_TOUCHED",
        LimitIfTouched = "LIMIT_IF_TOUCHED",
        TrailingStopMarket = "TRAILING_STOP_MARKET",
        TrailingStopLimit = "TRAILING_STOP_LIMIT",
    }
);

wire_enum!(
    /// Every status an order can be in.
    OrderStatus {
        Initialized = "INITIALIZED",
        Denied = "DENIED",
        Emulated = "EMULATED",
        Released = "RELEASED",
        Submitted = "SUBMITTED",
        Accepted = "ACCEPTED",
        Rejected = "REJECTED",
        Canceled = "CANCELED",
        Expired = "EXPIRED",
        Triggered = "TRIGGERED",
        PendingUpdate = "PENDING_UPDATE",
        PendingCancel = "PENDING_CANCEL",
        PartiallyFilled = "PARTIALLY_FILLED",
        Filled = "FILLED",
    }
);

impl OrderStatus {
    /// A closed order can change no more (except a late fill after a cancel, see the table).
    pub const fn is_closed(self) -> bool {
        matches!(
            self,
            OrderStatus::Denied
                | OrderStatus::Rejected
                | OrderStatus::Canceled
                | OrderStatus::Expired
                | OrderStatus::Filled
        )
    }

    /// Sent to the venue and not yet confirmed: the in-flight checks watch these.
    pub const fn is_inflight(self) -> bool {
        matches!(
            self,
            OrderStatus::Submitted | OrderStatus::PendingUpdate | OrderStatus::PendingCancel
        )
    }

    /// Working at the venue (or about to be).
    pub const fn is_open(self) -> bool {
        matches!(
            self,
            OrderStatus::Accepted
                | OrderStatus::Triggered
                | OrderStatus::PendingUpdate
                | OrderStatus::PendingCancel
                | OrderStatus::PartiallyFilled
        )
    }
}

wire_enum!(
    /// How long an order stays working.
    TimeInForce {
        Gtc = "GTC",
        Ioc = "IOC",
        Fok = "FOK",
        Gtd = "GTD",
        Day = "DAY",
        AtTheOpen = "AT_THE_OPEN",
        AtTheClose = "AT_THE_CLOSE",
    }
);

wire_enum!(
    /// Order management: one position per instrument, or one per order chain.
    OmsType { Unspecified = "UNSPECIFIED", Netting = "NETTING", Hedging = "HEDGING" }
);

wire_enum!(
    /// How the orders of a list depend on each other.
    ContingencyType { NoContingency = "NO_CONTINGENCY", Oco = "OCO", Oto = "OTO", Ouo = "OUO" }
);

wire_enum!(
    /// Book granularity: top of book, levels by price, or orders by id.
    BookType { L1Mbp = "L1_MBP", L2Mbp = "L2_MBP", L3Mbo = "L3_MBO" }
);

wire_enum!(
    /// What a book delta does.
    BookAction { Add = "ADD", Update = "UPDATE", Delete = "DELETE", Clear = "CLEAR" }
);

wire_enum!(
    /// Which side took liquidity in a trade.
    AggressorSide { NoAggressor = "NO_AGGRESSOR", Buyer = "BUYER", Seller = "SELLER" }
);

wire_enum!(
    /// Whether a fill added or took liquidity.
    LiquiditySide { NoLiquiditySide = "NO_LIQUIDITY_SIDE", Maker = "MAKER", Taker = "TAKER" }
);

wire_enum!(
    /// The side of a position.
    PositionSide { Flat = "FLAT", Long = "LONG", Short = "SHORT" }
);

wire_enum!(
    /// Which price triggers a stop or touched order.
    TriggerType {
        NoTrigger = "NO_TRIGGER",
        Default = "DEFAULT",
        LastPrice = "LAST_PRICE",
        BidAsk = "BID_ASK",
        MarkPrice = "MARK_PRICE",
        IndexPrice = "INDEX_PRICE",
    }
);

wire_enum!(
    /// Cash (spot) or margin (derivatives) accounting.
    AccountType { Cash = "CASH", Margin = "MARGIN" }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wire_name_round_trips() {
        for s in OrderStatus::ALL {
            assert_eq!(s.as_str().parse::<OrderStatus>().unwrap(), *s);
        }
        for t in OrderType::ALL {
            assert_eq!(t.as_str().parse::<OrderType>().unwrap(), *t);
        }
        for b in BookType::ALL {
            assert_eq!(b.to_string().parse::<BookType>().unwrap(), *b);
        }
    }

    #[test]
    fn unknown_wire_name_is_refused_naming_the_value() {
        let err = "OPEN".parse::<OrderStatus>().unwrap_err();
        assert_eq!(err.to_string(), "unknown OrderStatus value 'OPEN'");
    }

    #[test]
    fn open_inflight_and_closed_statuses_partition_the_working_set() {
        for s in OrderStatus::ALL {
            assert!(!(s.is_closed() && s.is_open()), "{s} both open and closed");
        }
        assert!(OrderStatus::PendingCancel.is_inflight() && OrderStatus::PendingCancel.is_open());
        assert!(OrderStatus::Submitted.is_inflight() && !OrderStatus::Submitted.is_open());
    }
}

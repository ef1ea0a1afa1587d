//! Orders: the status transition table shared by the whole engine.

pub mod fsm;

pub use fsm::{transition, OrderEventKind, Transition, TransitionError};

//! The long-context extensions of BFCL's `TradingBot`, generated from BFCL's
//! `long_context.py` by `tools-wasm/trading_bot/gen_data.py`: market data ([`market`]: the watch
//! list, moving averages, sector symbols) and account data ([`account`]: transactions, order
//! details).

pub mod account;
pub mod market;

pub use account::{ORDER_DETAIL_EXTENSION, TRANSACTION_HISTORY_EXTENSION};
pub use market::{
    AUTOMOBILE_EXTENSION, MA_5_EXTENSION, MA_20_EXTENSION, TECHNOLOGY_EXTENSION,
    WATCH_LIST_EXTENSION,
};

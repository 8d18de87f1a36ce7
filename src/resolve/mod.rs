//! The resolve stage, between the model and the checks: what every link
//! and every mention of an article in the sources points to.

pub mod links;
pub mod mentions;

//! Stage 3: the model to text. Emitters are pure functions from the model to file contents;
//! writing them is `generate`'s job.

pub mod docs;
pub mod lower;
pub mod mapping;
pub mod names;
pub mod rust;
pub mod schema;
pub mod tool_schemas;

//! Integration tests of yusuan-layout: one binary (see STYLE.md §7).

mod continuations;
mod corpus;
mod prose;
mod synthetic;
mod unruled;

//! The two shapes every part of a tree is kept in: borrowed from the built-in tree (static
//! data, nothing to build at run time) or owned by a tree read from a file.
//!
//! A leaf: `releases.rs` and `tree.rs` both hold their data this way, and it imports neither,
//! so neither has to import the other for it.

use std::borrow::Cow;

/// A list that is either borrowed from the built-in tree or owned by a tree read from a file.
pub(crate) type List<T> = Cow<'static, [T]>;

/// A name, borrowed from the built-in tree or owned by a tree read from a file.
pub(crate) type Name = Cow<'static, str>;

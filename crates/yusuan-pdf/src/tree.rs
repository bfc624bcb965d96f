//! Page accounting: how many pages the page tree declares, and where the
//! entries hayro could not read sit in it.
//!
//! hayro-syntax flattens the page tree and silently skips a kid it cannot
//! resolve (an object lost in a truncated file or a damaged object stream),
//! so page 13 of 13 may come back as a document of 12 pages. We walk the
//! tree again in the same order, through hayro-syntax's public object API,
//! and number each page by its place in the tree.

use std::collections::BTreeSet;

use hayro_interpret::hayro_syntax::object::{
    Array, Dict, MaybeRef, Name, Object, ObjectIdentifier,
};
use hayro_interpret::hayro_syntax::xref::XRef;

/// Nodes visited at most (pages and intermediate nodes); a tree larger than
/// this is not accounted for.
const MAX_TREE_NODES: usize = 1 << 20;

/// Depth of intermediate `/Pages` nodes followed at most.
const MAX_TREE_DEPTH: usize = 64;

/// What a walk of the page tree found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TreeWalk {
    /// `/Count` of the root `/Pages` node, when it is a sane number.
    pub(crate) declared: Option<u32>,
    /// Position (from 1) of every page that resolves, in tree order.
    pub(crate) readable: Vec<u32>,
    /// Positions (from 1) of entries that do not resolve.
    pub(crate) unreadable: Vec<u32>,
}

/// Walks the page tree under the catalog's `/Pages`; `None` when there is no
/// readable root (hayro then searched the file for page objects).
pub(crate) fn walk_page_tree(xref: &XRef) -> Option<TreeWalk> {
    let root = xref.get::<Dict<'_>>(xref.root_id())?;
    let pages = root.get::<Dict<'_>>(b"Pages")?;
    let declared = pages
        .get::<i64>(b"Count")
        .and_then(|n| u32::try_from(n).ok());
    let mut walk = TreeWalk {
        declared,
        ..TreeWalk::default()
    };
    let mut visited = BTreeSet::new();
    if let Some(id) = pages.obj_id() {
        visited.insert(id);
    }
    let mut position = 0u32;
    let mut nodes = 0usize;
    let kids = pages.get::<Array<'_>>(b"Kids")?;
    let mut stack = vec![kids.raw_iter()];
    while let Some(frame) = stack.last_mut() {
        let Some(kid) = frame.next() else {
            stack.pop();
            continue;
        };
        nodes += 1;
        if nodes > MAX_TREE_NODES {
            return None;
        }
        let dict = match kid {
            MaybeRef::Ref(r) => {
                let id: ObjectIdentifier = r.into();
                if !visited.insert(id) {
                    continue;
                }
                match xref.get::<Dict<'_>>(id) {
                    Some(d) => d,
                    None => {
                        position = position.saturating_add(1);
                        walk.unreadable.push(position);
                        continue;
                    }
                }
            }
            MaybeRef::NotRef(object) => match object {
                Object::Dict(d) => d,
                // Not a page and not a reference to one: hayro skips it too.
                _ => continue,
            },
        };
        let is_node = dict.get::<Name<'_>>(b"Type").as_deref() == Some(b"Pages".as_slice());
        if is_node {
            match dict.get::<Array<'_>>(b"Kids") {
                Some(kids) if stack.len() < MAX_TREE_DEPTH => stack.push(kids.raw_iter()),
                _ => {
                    // A node whose kids are lost: its /Count pages are missing here.
                    let lost = dict
                        .get::<i64>(b"Count")
                        .and_then(|n| u32::try_from(n).ok())
                        .unwrap_or(0);
                    for _ in 0..lost.min(u32::try_from(MAX_TREE_NODES).unwrap_or(u32::MAX)) {
                        position = position.saturating_add(1);
                        walk.unreadable.push(position);
                    }
                }
            }
        } else {
            position = position.saturating_add(1);
            walk.readable.push(position);
        }
    }
    Some(walk)
}

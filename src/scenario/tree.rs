//! A second, untyped reading of a scenario file that remembers where every key and value is.
//!
//! The typed [`model`](super::model) keeps positions only for steps (its field types are shared
//! with the runner and stay plain). The checks that come after parsing (a `path` without `/`, a
//! missing fixture, a bad header name) still have to point at the offending line, and serde
//! errors have to say *which* map a key was unknown in. Parsing the same text again into this tree
//! of [`Spanned`] nodes answers both: "where is `steps[2].request.body_file`?" and "what is the
//! path of the key at 7:9?". The tree is best effort: if it cannot be built (the typed parse will
//! then have failed too, or the file uses exotic keys), lookups simply find nothing and errors
//! fall back to a coarser position.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

/// One YAML node. Scalars keep no text: only positions matter here.
#[derive(Debug)]
pub enum Node {
    Scalar,
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Key>, Spanned<Node>)>),
}

/// A map key as text, whatever scalar it was written as (`200:`, `~:`, `true:`).
#[derive(Debug, PartialEq, Eq)]
pub struct Key(pub String);

/// A path into the document, printed as `steps[0].request.expect`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YamlPath(Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Where a node is: the key that leads to it (for map entries) and the value itself.
#[derive(Debug, Clone, Copy)]
pub struct Found {
    pub key: Option<Location>,
    pub value: Location,
}

impl Found {
    /// The key if there is one (it is what a reader looks for), else the value.
    pub fn key_or_value(&self) -> Location {
        self.key.unwrap_or(self.value)
    }
}

impl YamlPath {
    pub fn root() -> Self {
        Self::default()
    }

    pub fn key(&self, key: impl Into<String>) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(key.into()));
        next
    }

    pub fn index(&self, index: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(index));
        next
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path without its last segment (the root stays the root).
    pub fn parent(&self) -> Self {
        let mut parent = self.clone();
        parent.0.pop();
        parent
    }

    /// The path for a message: `` `steps[0].request` ``, or "the scenario" for the root.
    pub fn describe(&self) -> String {
        if self.is_root() {
            "the scenario".to_owned()
        } else {
            format!("`{self}`")
        }
    }

    /// The last key on the path, if the path ends in a key.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(key)) => Some(key),
            _ => None,
        }
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("the top level");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The parsed tree of one file; empty when the text could not be read as YAML.
#[derive(Debug, Default)]
pub struct Tree {
    root: Option<Spanned<Node>>,
}

impl Tree {
    pub fn parse(text: &str) -> Self {
        // Lenient where the typed parse is strict: the tree must exist to say where a duplicate
        // key or a `.nan` is.
        let options = serde_saphyr::options! {
            strict_booleans: true,
            duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
            non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
        };
        let root = serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options).ok();
        Self { root }
    }

    /// The node at `path`, or `None` if the path does not exist in the file.
    pub fn find(&self, path: &YamlPath) -> Option<Found> {
        let mut node = self.root.as_ref()?;
        let mut found = Found {
            key: None,
            value: node.referenced,
        };
        for segment in path.segments() {
            match (segment, &node.value) {
                (Segment::Key(key), Node::Map(entries)) => {
                    let (k, v) = entries.iter().find(|(k, _)| &k.value.0 == key)?;
                    found = Found {
                        key: Some(k.referenced),
                        value: v.referenced,
                    };
                    node = v;
                }
                (Segment::Index(index), Node::Seq(items)) => {
                    node = items.get(*index)?;
                    found = Found {
                        key: None,
                        value: node.referenced,
                    };
                }
                _ => return None,
            }
        }
        Some(found)
    }

    /// The nearest position for `path`: the node itself, or its closest existing ancestor.
    pub fn locate(&self, path: &YamlPath) -> Option<Found> {
        let mut path = path.clone();
        loop {
            if let Some(found) = self.find(&path) {
                return Some(found);
            }
            if path.is_root() {
                return None;
            }
            path = path.parent();
        }
    }

    /// The path of the deepest map key, or else the deepest node, that starts at `line:column`,
    /// and whether it is a key. This is how a serde error ("unknown field at 7:9") learns which
    /// map it was in.
    pub fn path_at(&self, line: u64, column: u64) -> Option<(YamlPath, bool)> {
        let root = self.root.as_ref()?;
        let mut best = None;
        search(root, &YamlPath::root(), line, column, &mut best);
        best.map(|(path, rank)| (path, rank % 2 == 1))
    }

    /// The map an error at `line:column` is about: the parent of a key found there, or the node
    /// found there itself.
    pub fn map_at(&self, line: u64, column: u64) -> Option<YamlPath> {
        self.path_at(line, column)
            .map(|(path, is_key)| if is_key { path.parent() } else { path })
    }
}

/// Depth-first search for nodes starting at a position; keys win over values at equal depth,
/// deeper wins over shallower.
fn search(
    node: &Spanned<Node>,
    path: &YamlPath,
    line: u64,
    column: u64,
    best: &mut Option<(YamlPath, usize)>,
) {
    let at = |loc: &Location| loc.line() == line && loc.column() == column;
    let consider = |best: &mut Option<(YamlPath, usize)>, candidate: &YamlPath, rank: usize| {
        if best.as_ref().is_none_or(|(_, r)| rank > *r) {
            *best = Some((candidate.clone(), rank));
        }
    };
    let depth = path.segments().len();
    if at(&node.referenced) {
        consider(best, path, depth * 2);
    }
    match &node.value {
        Node::Scalar => {}
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                search(item, &path.index(i), line, column, best);
            }
        }
        Node::Map(entries) => {
            for (key, value) in entries {
                let child = path.key(key.value.0.clone());
                if at(&key.referenced) {
                    consider(best, &child, (depth + 1) * 2 + 1);
                }
                search(value, &child, line, column, best);
            }
        }
    }
}

/// How deep the tree records positions. Each [`Spanned`] level costs tens of kilobytes of stack
/// in debug builds, so without a cap a 64-level document (serde-saphyr's default depth budget)
/// overflows a 2 MiB test thread. Scenarios need a dozen levels; below the cap, nodes are
/// skipped (and errors there point at the nearest recorded ancestor).
const MAX_TREE_DEPTH: usize = 20;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts one level of nesting while alive, also when deserialization fails.
struct DepthGuard;

impl DepthGuard {
    fn enter() -> (Self, usize) {
        let depth = DEPTH.with(|d| {
            d.set(d.get() + 1);
            d.get()
        });
        (Self, depth)
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (_guard, depth) = DepthGuard::enter();
        if depth > MAX_TREE_DEPTH {
            de::IgnoredAny::deserialize(deserializer)?;
            return Ok(Node::Scalar);
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Key>>()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Node::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar map key")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(Key(v.to_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
        Ok(Key(String::new()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Key, E> {
        Ok(Key(String::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
name: x
steps:
  - request:
      method: GET
      expect: {status: 200, headers: {ETag: {present: true}}}
";

    #[test]
    fn finds_keys_and_values() {
        let tree = Tree::parse(DOC);
        let path = YamlPath::root()
            .key("steps")
            .index(0)
            .key("request")
            .key("method");
        let found = tree.find(&path).expect("found");
        let key = found.key.expect("a key");
        assert_eq!((key.line(), key.column()), (4, 7));
        assert_eq!((found.value.line(), found.value.column()), (4, 15));
        assert_eq!(path.to_string(), "steps[0].request.method");
    }

    #[test]
    fn locate_falls_back_to_the_nearest_ancestor() {
        let tree = Tree::parse(DOC);
        let path = YamlPath::root().key("steps").index(0).key("nope");
        assert!(tree.find(&path).is_none());
        let found = tree.locate(&path).expect("ancestor");
        assert_eq!(found.value.line(), 3);
        assert!(tree.locate(&YamlPath::root().index(3)).is_some());
    }

    #[test]
    fn path_at_prefers_the_deepest_key() {
        let tree = Tree::parse(DOC);
        let (path, is_key) = tree.path_at(5, 39).expect("ETag key");
        assert_eq!(path.to_string(), "steps[0].request.expect.headers.ETag");
        assert!(is_key);
        let (path, is_key) = tree.path_at(4, 7).expect("method key");
        assert_eq!(path.to_string(), "steps[0].request.method");
        assert!(is_key);
        let map = tree.map_at(5, 15).expect("expect map");
        assert_eq!(map.to_string(), "steps[0].request.expect");
        assert!(tree.path_at(99, 1).is_none());
    }

    #[test]
    fn duplicate_keys_and_odd_scalars_still_give_a_tree() {
        let tree = Tree::parse("a: 1\na: 2\n~: .nan\n200: x\n");
        let (path, is_key) = tree.path_at(2, 1).expect("second `a`");
        assert_eq!(path.to_string(), "a");
        assert!(is_key);
        assert!(tree.find(&YamlPath::root().key("200")).is_some());
    }

    #[test]
    fn deep_documents_are_recorded_down_to_the_cap() {
        let depth = MAX_TREE_DEPTH + 20;
        let text = format!("{}1{}\n", "[".repeat(depth), "]".repeat(depth));
        // In a small stack: the uncapped tree would overflow it in a debug build.
        let (tree, depth_after) = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || (Tree::parse(&text), DEPTH.with(std::cell::Cell::get)))
            .expect("spawn")
            .join()
            .expect("no stack overflow");
        assert_eq!(depth_after, 0, "the depth counter is back to zero");
        let mut path = YamlPath::root();
        for _ in 0..MAX_TREE_DEPTH - 1 {
            path = path.index(0);
        }
        assert!(tree.find(&path).is_some());
        assert!(tree.find(&path.index(0).index(0)).is_none());
    }

    #[test]
    fn unreadable_text_gives_an_empty_tree() {
        let tree = Tree::parse("a: [");
        assert!(tree.find(&YamlPath::root()).is_none());
        assert!(tree.path_at(1, 1).is_none());
        assert_eq!(YamlPath::root().to_string(), "the top level");
    }
}

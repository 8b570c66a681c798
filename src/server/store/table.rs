//! One resource type's records and the indexes that make lookups by id, name and externalId
//! constant-time: a `userName eq` filter costs the same with 100 000 users as with 100.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::sync::Arc;

use super::record::Record;

/// Case folding for attributes with `caseExact: false` (userName, group displayName). It must agree
/// with the filter evaluator's case-insensitive comparison.
pub fn fold(s: &str) -> String {
    s.to_lowercase()
}

#[derive(Debug, Default)]
pub struct Table {
    by_id: HashMap<Arc<str>, Arc<Record>>,
    /// Creation order (`Record::seq` → id): the stable default order of lists.
    order: BTreeMap<u64, Arc<str>>,
    /// Case-folded userName / displayName → id. Unique.
    names: HashMap<String, Arc<str>>,
    /// externalId (case-exact) → ids. Not unique.
    external_ids: HashMap<String, Vec<Arc<str>>>,
}

impl Table {
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Record>> {
        self.by_id.get(id)
    }

    /// The id holding `name` (compared case-insensitively), if any.
    pub fn id_by_name(&self, name: &str) -> Option<&Arc<str>> {
        self.names.get(&fold(name))
    }

    pub fn ids_by_external_id(&self, external_id: &str) -> &[Arc<str>] {
        self.external_ids
            .get(external_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every record in creation order.
    pub fn in_order(&self) -> impl Iterator<Item = &Arc<Record>> {
        self.order.values().filter_map(|id| self.by_id.get(id))
    }

    /// Inserts `record`, replacing any record with the same id and keeping every index current.
    pub fn put(&mut self, record: Arc<Record>) {
        if let Some(old) = self.by_id.get(&record.id).cloned() {
            self.unindex(&old);
        }
        self.names.insert(fold(&record.name), record.id.clone());
        if let Some(ext) = &record.external_id {
            self.external_ids
                .entry(ext.clone())
                .or_default()
                .push(record.id.clone());
        }
        self.order.insert(record.seq, record.id.clone());
        self.by_id.insert(record.id.clone(), record);
    }

    pub fn remove(&mut self, id: &str) -> Option<Arc<Record>> {
        let old = self.by_id.remove(id)?;
        self.unindex(&old);
        shrink_if_sparse(&mut self.by_id);
        shrink_if_sparse(&mut self.names);
        shrink_if_sparse(&mut self.external_ids);
        Some(old)
    }

    fn unindex(&mut self, old: &Record) {
        let key = fold(&old.name);
        if self.names.get(&key).is_some_and(|id| *id == old.id) {
            self.names.remove(&key);
        }
        if let Some(ext) = &old.external_id
            && let Some(ids) = self.external_ids.get_mut(ext)
        {
            ids.retain(|id| *id != old.id);
            if ids.is_empty() {
                self.external_ids.remove(ext);
            }
        }
        self.order.remove(&old.seq);
    }
}

/// Hash maps never give back their slots on their own: a table that once held 100 000 users and
/// now holds 10 would keep its peak size forever. Below a quarter full (and past a small size that
/// is not worth the churn) the map is halved to twice its length, so that shrinking costs amortised
/// O(1) per removal and a table that refills never thrashes.
pub fn shrink_if_sparse<K: Eq + Hash, V>(map: &mut HashMap<K, V>) {
    const WORTH_SHRINKING: usize = 1024;
    if map.capacity() > WORTH_SHRINKING && map.len() * 4 < map.capacity() {
        map.shrink_to(map.len() * 2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_emptied_from_its_peak_gives_its_slots_back() {
        let mut map: HashMap<u32, u32> = (0..100_000).map(|i| (i, i)).collect();
        let peak = map.capacity();
        for i in 0..99_990 {
            map.remove(&i);
            shrink_if_sparse(&mut map);
        }
        assert_eq!(map.len(), 10);
        assert!(
            map.capacity() <= 1024,
            "capacity {} of {peak} kept for 10 entries",
            map.capacity()
        );
    }

    #[test]
    fn a_small_map_is_left_alone() {
        let mut map: HashMap<u32, u32> = (0..500).map(|i| (i, i)).collect();
        map.retain(|k, _| *k < 5);
        shrink_if_sparse(&mut map);
        // Not reallocated: a shrink would leave room for about 10 (removals leave tombstones, so
        // the reported capacity dips a little below the 896 slots of 500 entries without one).
        assert!(map.capacity() > 500, "shrunk to {}", map.capacity());
    }
}

//! Giving memory back to the operating system after bulk deletes.
//!
//! Deleting a resource frees its memory to the allocator, not to the system: glibc's malloc keeps
//! freed heap pages mapped in the process and only returns the top of the main heap on its own.
//! A server that was filled with 100 000 users by an import and then emptied by a deprovisioning
//! run would stay at its peak size for good (measured with `bench --soak`: 11.4 MB empty, 67.4 MB
//! at the peak, still 66.3 MB after deleting everything; 16.9 MB with this watcher). So a watcher
//! samples the store's size every [`INTERVAL`]; once the store has shrunk to half of its
//! high-water mark, and by at least [`MIN_FREED`] resources, it asks the allocator to return its
//! free pages (`malloc_trim(0)`, which since glibc 2.8 releases free pages inside every arena, not
//! only at the top of the heap).
//!
//! Trimming takes the allocator's arena locks for a few milliseconds, so it runs on a blocking
//! thread and at most once per interval; small churn (a scenario creating and deleting ten users)
//! never triggers it. On other C libraries [`trim`] does nothing: their allocators return memory
//! on their own or offer no such call.

use std::sync::Arc;
use std::time::Duration;

use super::store::Store;

/// How often the watcher looks at the store's size.
pub const INTERVAL: Duration = Duration::from_secs(2);
/// Fewer freed resources than this are not worth a trim: the allocator reuses them.
pub const MIN_FREED: usize = 1_000;

/// Decides, from one sample of the store's size to the next, when memory is worth returning.
#[derive(Debug, Default)]
pub struct Watermark {
    high: usize,
}

impl Watermark {
    /// Records that the store holds `live` resources; true when the store has shrunk enough since
    /// its high-water mark that a trim should run (the mark then restarts from `live`).
    pub fn observe(&mut self, live: usize) -> bool {
        self.high = self.high.max(live);
        let freed = self.high - live;
        if freed >= MIN_FREED && live <= self.high / 2 {
            self.high = live;
            true
        } else {
            false
        }
    }
}

/// Watches `store` until the task is dropped, calling `release` on a blocking thread whenever the
/// [`Watermark`] says so. `release` is [`trim`] in the server; tests pass a counter.
pub async fn watch(store: Arc<Store>, interval: Duration, release: fn() -> bool) {
    let mut mark = Watermark::default();
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if mark.observe(store.total_len()) {
            let released = tokio::task::spawn_blocking(release).await.unwrap_or(false);
            tracing::debug!(released, "returned free heap pages to the system");
        }
    }
}

/// Returns the allocator's free pages to the system; true if any memory was released.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn trim() -> bool {
    unsafe extern "C" {
        /// glibc, `<malloc.h>`: thread-safe (it locks each arena), no preconditions, `pad` 0 keeps
        /// no slack at the top of the heap. Returns 1 if memory was released, 0 otherwise.
        safe fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    malloc_trim(0) == 1
}

/// Returns the allocator's free pages to the system; elsewhere there is nothing to call.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn trim() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_and_small_churn_never_trim() {
        let mut mark = Watermark::default();
        for live in [0, 10, 500, 5_000, 20_000, 19_500, 19_000, 25_000] {
            assert!(!mark.observe(live), "trimmed at {live}");
        }
    }

    #[test]
    fn deleting_half_of_the_peak_trims_once() {
        let mut mark = Watermark::default();
        assert!(!mark.observe(20_000));
        assert!(!mark.observe(12_000), "40 % freed is reused, not trimmed");
        assert!(mark.observe(9_000));
        assert!(!mark.observe(9_000), "the mark restarts from what is left");
        assert!(!mark.observe(5_000), "4 000 freed from 9 000 is under half");
        assert!(mark.observe(0));
    }

    static RELEASES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    fn count_release() -> bool {
        RELEASES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        true
    }

    #[tokio::test]
    async fn the_watcher_releases_after_a_bulk_delete_of_the_store() {
        use super::super::schema::ResourceKind;
        let store = Arc::new(Store::new("http://127.0.0.1/scim/v2"));
        let ids: Vec<_> = (0..2 * MIN_FREED)
            .map(|i| {
                let content = serde_json::json!({"userName": format!("user{i}")});
                let serde_json::Value::Object(content) = content else {
                    unreachable!()
                };
                store
                    .create(ResourceKind::User, content)
                    .unwrap()
                    .id
                    .clone()
            })
            .collect();
        let watcher = tokio::spawn(watch(
            store.clone(),
            Duration::from_millis(5),
            count_release,
        ));
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(RELEASES.load(std::sync::atomic::Ordering::SeqCst), 0);
        for id in &ids {
            store.delete(ResourceKind::User, id, None).unwrap();
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while RELEASES.load(std::sync::atomic::Ordering::SeqCst) == 0 {
            assert!(tokio::time::Instant::now() < deadline, "never released");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        watcher.abort();
        assert_eq!(RELEASES.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[test]
    fn a_small_store_emptied_is_not_worth_a_trim() {
        let mut mark = Watermark::default();
        assert!(!mark.observe(900));
        assert!(!mark.observe(0));
    }
}

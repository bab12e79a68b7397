//! Limits on what strangers can make the site do: rate limits taken as atomic
//! reservations (sign-in, comments, mail), and bounded pools for the expensive
//! work a request can start (password hashing, image decoding).

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::App;
use crate::store::StoreError;

pub use crate::records::Limit;

/// The wait before trying again after `attempts` failures: `base` × 2^(attempts−1),
/// at most 6 h (mail and webhooks).
pub fn backoff(base: std::time::Duration, attempts: u32) -> std::time::Duration {
    let factor = 1u32 << attempts.saturating_sub(1).min(16);
    base.saturating_mul(factor)
        .min(std::time::Duration::from_secs(6 * 3600))
}

/// Slots taken under some limits; given back with [`App::release`] when the
/// action they were taken for did not happen (or should not count).
#[derive(Debug, Default)]
#[must_use]
pub struct Reservation {
    pub(crate) slots: Vec<i64>,
}

/// The part of an address that one party controls: an IPv4 address, or an IPv6
/// /64 (one customer's network; rotating within it must not reset a limit).
pub fn network(address: &str) -> String {
    use std::net::IpAddr;
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => address.chars().take(64).collect(),
    }
}

impl App {
    /// Takes one slot under every limit, in one write transaction, or none when
    /// any of them is full. Parallel requests cannot all pass the count: the
    /// store serializes the count-and-insert.
    pub(crate) async fn reserve(
        &self,
        limits: &[Limit],
    ) -> Result<Option<Reservation>, StoreError> {
        let slots = self.store.reserve(limits, self.clock.now()).await?;
        Ok(slots.map(|slots| Reservation { slots }))
    }

    /// Gives slots back. A failure only logs: at worst the limit stays counted.
    pub(crate) async fn release(&self, reservation: Reservation) {
        if reservation.slots.is_empty() {
            return;
        }
        if let Err(e) = self.store.release(&reservation.slots).await {
            tracing::warn!(error = %e, "could not release rate-limit slots");
        }
    }
}

/// The pool is full: answer "busy, try again" at once instead of queueing more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the server is busy; try again in a moment")]
pub struct Busy;

type Job = Box<dyn FnOnce() + Send>;

/// Runs expensive blocking work on `workers` threads of its own, with at most
/// `waiting` more jobs queued; beyond that a job is refused at once. A job whose
/// request went away while it waited never starts. The threads are the pool's
/// alone (not tokio's blocking pool, which grows to hundreds): the memory a job
/// leaves in its thread's allocator arena is reused by the next, so a burst of
/// password hashes leaves a few arenas' worth behind, not one per thread.
pub struct Bounded {
    admitted: Arc<Semaphore>,
    jobs: std::sync::mpsc::Sender<Job>,
}

impl Bounded {
    pub fn new(name: &str, workers: usize, waiting: usize) -> Bounded {
        let workers = workers.max(1);
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for i in 0..workers {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("{name}-{i}"))
                .spawn(move || {
                    loop {
                        // The lock is held only to take the next job.
                        let next = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        let Ok(job) = next else { return };
                        // A panicking job loses its answer, not the worker.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "starting a {name} worker");
            }
        }
        Bounded {
            admitted: Arc::new(Semaphore::new(workers + waiting)),
            jobs,
        }
    }

    /// As many workers as cores, and a short queue.
    pub fn per_core(name: &str) -> Bounded {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Bounded::new(name, cores, cores * 4)
    }

    pub async fn run<T, F>(&self, job: F) -> Result<T, BoundedError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.run_cancellable(move |_| job()).await
    }

    /// [`Bounded::run`] for long jobs that ask, between their steps, whether the
    /// request that started them is still there, and stop if not.
    pub async fn run_cancellable<T, F>(&self, job: F) -> Result<T, BoundedError>
    where
        F: FnOnce(&Cancel) -> T + Send + 'static,
        T: Send + 'static,
    {
        let admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| BoundedError::Busy(Busy))?;
        let (answer, answered) = tokio::sync::oneshot::channel();
        let waiting = Waiting(Cancel::default());
        let cancel = waiting.0.clone();
        let job: Job = Box::new(move || {
            if !answer.is_closed() {
                let _ = answer.send(job(&cancel));
            }
            drop(admitted);
        });
        self.jobs
            .send(job)
            .map_err(|_| BoundedError::Failed("the workers have stopped".into()))?;
        let answer = answered
            .await
            .map_err(|_| BoundedError::Failed("the job failed".into()));
        drop(waiting);
        answer
    }
}

/// Whether the request that started a job went away (its future was dropped).
#[derive(Clone, Default)]
pub struct Cancel(Arc<std::sync::atomic::AtomicBool>);

impl Cancel {
    /// For work no request waits on (the demo's pictures).
    pub fn never() -> Cancel {
        Cancel::default()
    }

    #[cfg(test)]
    pub(crate) fn cancelled() -> Cancel {
        Cancel(Arc::new(std::sync::atomic::AtomicBool::new(true)))
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Held by the waiting request: dropping it, however the request ends, cancels the job.
struct Waiting(Cancel);

impl Drop for Waiting {
    fn drop(&mut self) {
        (self.0).0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BoundedError {
    #[error(transparent)]
    Busy(#[from] Busy),
    #[error("background work failed: {0}")]
    Failed(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks() {
        assert_eq!(network("203.0.113.9"), "203.0.113.9");
        assert_eq!(network("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(network("2001:db8:1:2:ffff::9"), "2001:db8:1:2::/64");
        assert_eq!(network("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(network("unknown"), "unknown");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_job_whose_request_went_away_never_starts() {
        let pool = Arc::new(Bounded::new("test", 1, 4));
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let blocker = tokio::spawn({
            let pool = pool.clone();
            async move {
                pool.run(move || {
                    let _ = wait.recv();
                })
                .await
            }
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let ran = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let queued = tokio::spawn({
            let (pool, ran) = (pool.clone(), ran.clone());
            async move {
                pool.run(move || ran.store(true, std::sync::atomic::Ordering::SeqCst))
                    .await
            }
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        queued.abort();
        let _ = queued.await;
        release.send(()).unwrap();
        assert!(blocker.await.unwrap().is_ok());
        // The next job runs after the abandoned one's turn has passed.
        assert_eq!(pool.run(|| 7).await.unwrap(), 7);
        assert!(!ran.load(std::sync::atomic::Ordering::SeqCst));
    }

    #[tokio::test]
    async fn a_running_job_sees_its_request_go_away() {
        let pool = Arc::new(Bounded::new("test", 1, 1));
        let (started, has_started) = std::sync::mpsc::channel::<()>();
        let (stopped, has_stopped) = std::sync::mpsc::channel::<u32>();
        let running = tokio::spawn({
            let pool = pool.clone();
            async move {
                pool.run_cancellable(move |cancel| {
                    let _ = started.send(());
                    let mut steps = 0;
                    while !cancel.is_cancelled() && steps < 5_000 {
                        std::thread::sleep(std::time::Duration::from_millis(1));
                        steps += 1;
                    }
                    let _ = stopped.send(steps);
                })
                .await
            }
        });
        tokio::task::spawn_blocking(move || has_started.recv())
            .await
            .unwrap()
            .unwrap();
        running.abort();
        let steps = tokio::task::spawn_blocking(move || has_stopped.recv())
            .await
            .unwrap()
            .unwrap();
        assert!(
            steps < 5_000,
            "the job ran to its end after its request left"
        );
        // The worker is free for the next job.
        assert_eq!(pool.run(|| 7).await.unwrap(), 7);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_pool_refuses_at_once() {
        let pool = Arc::new(Bounded::new("test", 1, 1));
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let rx = Arc::new(std::sync::Mutex::new(rx));
        let blocked = |rx: Arc<std::sync::Mutex<std::sync::mpsc::Receiver<()>>>| {
            move || {
                let _ = rx.lock().map(|r| r.recv());
            }
        };
        let first = tokio::spawn({
            let (pool, rx) = (pool.clone(), rx.clone());
            async move { pool.run(blocked(rx)).await }
        });
        let second = tokio::spawn({
            let (pool, rx) = (pool.clone(), rx.clone());
            async move { pool.run(blocked(rx)).await }
        });
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        // One runs, one waits: the third is refused without waiting.
        assert!(matches!(pool.run(|| ()).await, Err(BoundedError::Busy(_))));
        tx.send(()).unwrap();
        tx.send(()).unwrap();
        assert!(first.await.unwrap().is_ok());
        assert!(second.await.unwrap().is_ok());
        assert!(pool.run(|| ()).await.is_ok());
    }
}

//! How the process hands memory back to the system (glibc's allocator).

/// glibc raises its mmap threshold to the largest block freed so far, after which
/// argon2's 19 MiB blocks come from the hashing threads' heaps and stay resident
/// (10 sign-ins left 190 MB behind). A fixed threshold keeps large blocks mapped
/// on their own, so they go back to the system when freed; 8 MiB leaves the
/// compressors (a few MiB each) on the faster heap path. And two arenas, not eight
/// per core: each worker thread's arena kept its own freed pages (a crawl of the
/// whole archive left 200 MB resident).
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 8 * 1024 * 1024);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Every half minute, gives freed pages back to the system (`malloc_trim`): glibc
/// returns only the top of the main heap by itself, so a burst (the search index
/// rebuilt at start, a crawl) would otherwise stay resident.
pub async fn return_freed_memory_regularly() {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: malloc_trim only releases free memory; safe at any time.
        unsafe {
            libc::malloc_trim(0);
        }
    }
}

//! The process heap (glibc): fewer arenas, and free pages handed back. Every
//! worker thread would otherwise get its own arena, and memory freed in one
//! (a burst of updates, a closed session) stays resident there for good.

/// Arenas glibc may create: one per core is plenty for a server whose
/// threads mostly wait, and keeps freed memory reusable by every thread.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MAX_ARENAS: i32 = 2;

/// Caps glibc's arenas; call before any thread starts. `MALLOC_ARENA_MAX`
/// set by the operator wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn limit_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return;
    }
    // SAFETY: mallopt only sets a glibc tunable; called before other threads
    // exist, so no allocation races with it.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, MAX_ARENAS);
    }
}

/// Other allocators manage their own arenas.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_arenas() {}

/// Returns free heap pages to the system (glibc's `malloc_trim`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn trim() {
    // SAFETY: malloc_trim and mallinfo2 only walk glibc's own allocator state;
    // they take no pointers from us and are safe from any thread at any time.
    let (before, after) = unsafe {
        let before = libc::mallinfo2();
        libc::malloc_trim(0);
        (before, libc::mallinfo2())
    };
    tracing::debug!(
        in_use = after.uordblks,
        free_before = before.fordblks,
        free_after = after.fordblks,
        mmapped = after.hblkhd,
        "heap trimmed"
    );
}

/// Other allocators and systems return memory by themselves, or not at all.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn trim() {}

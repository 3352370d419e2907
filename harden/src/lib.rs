//! Keeping the decrypted plan out of places it could leak from, in two calls the safe core
//! cannot make itself (it forbids `unsafe`):
//!
//! - [`forbid_core_dumps`]: the process is made non-dumpable and its core size limit zero, as
//!   KeePassXC does — a crash writes no core file holding the plan, and another process of the
//!   same user cannot attach to it or read its memory through `/proc`.
//! - [`wipe_sqlite_memory`]: SQLite allocates through an allocator that zeroes every block when
//!   it is freed, so the plan's pages (the in-memory database, its serialized images) are wiped
//!   when a binder is closed or locked, not left in freed memory.
//!
//! Written by hand because no maintained crate does either (SQLite's allocator hook is a C
//! callback table; `PR_SET_DUMPABLE` has no safe wrapper in the crates this project uses).

use std::os::raw::{c_int, c_void};
use std::sync::OnceLock;

/// Makes this process non-dumpable (Linux) and sets its core file size limit to zero (every
/// Unix). Call first thing in `main`.
pub fn forbid_core_dumps() -> std::io::Result<()> {
    let zero = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit reads the struct we pass; no memory is kept.
    if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &zero) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_DUMPABLE takes a plain integer argument.
        if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Whether this process is non-dumpable now (Linux; elsewhere `None`).
pub fn is_dumpable() -> Option<bool> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_GET_DUMPABLE takes no pointer.
        Some(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) } == 1)
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// Each block carries its size in a 16-byte header (keeping SQLite's 8-byte alignment).
const HEADER: usize = 16;

fn layout(size: usize) -> Option<std::alloc::Layout> {
    std::alloc::Layout::from_size_align(size.checked_add(HEADER)?, HEADER).ok()
}

unsafe extern "C" fn x_malloc(n: c_int) -> *mut c_void {
    let size = usize::try_from(n).unwrap_or(0);
    let Some(layout) = layout(size) else {
        return std::ptr::null_mut();
    };
    // SAFETY: the layout is non-zero in size (it holds the header).
    let base = unsafe { std::alloc::alloc(layout) };
    if base.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: base points to at least HEADER bytes, aligned for usize.
    unsafe {
        (base as *mut usize).write(size);
        base.add(HEADER) as *mut c_void
    }
}

/// The size SQLite asked for, of a block this allocator returned.
unsafe fn size_of_block(p: *mut c_void) -> usize {
    // SAFETY: p came from x_malloc, so HEADER bytes before it hold the size.
    unsafe { ((p as *mut u8).sub(HEADER) as *mut usize).read() }
}

unsafe extern "C" fn x_free(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    // SAFETY: p came from x_malloc; the block is size + HEADER bytes from its base.
    unsafe {
        let size = size_of_block(p);
        zeroize::Zeroize::zeroize(std::slice::from_raw_parts_mut(p as *mut u8, size));
        if let Some(layout) = layout(size) {
            std::alloc::dealloc((p as *mut u8).sub(HEADER), layout);
        }
    }
}

unsafe extern "C" fn x_realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    // SAFETY: the same contracts as x_malloc and x_free; the old block is wiped as it goes.
    unsafe {
        if p.is_null() {
            return x_malloc(n);
        }
        let new = x_malloc(n);
        if new.is_null() {
            return std::ptr::null_mut();
        }
        let keep = size_of_block(p).min(usize::try_from(n).unwrap_or(0));
        std::ptr::copy_nonoverlapping(p as *const u8, new as *mut u8, keep);
        x_free(p);
        new
    }
}

unsafe extern "C" fn x_size(p: *mut c_void) -> c_int {
    if p.is_null() {
        return 0;
    }
    // SAFETY: p came from x_malloc.
    c_int::try_from(unsafe { size_of_block(p) }).unwrap_or(c_int::MAX)
}

unsafe extern "C" fn x_roundup(n: c_int) -> c_int {
    n.saturating_add(7) & !7
}

unsafe extern "C" fn x_init(_: *mut c_void) -> c_int {
    0
}

unsafe extern "C" fn x_shutdown(_: *mut c_void) {}

/// Makes SQLite wipe every block it frees. Must run before SQLite's first use in the process
/// (the core calls it before opening any database); returns whether it is in effect.
pub fn wipe_sqlite_memory() -> bool {
    static IN_EFFECT: OnceLock<bool> = OnceLock::new();
    *IN_EFFECT.get_or_init(|| {
        let methods = Box::leak(Box::new(libsqlite3_sys::sqlite3_mem_methods {
            xMalloc: Some(x_malloc),
            xFree: Some(x_free),
            xRealloc: Some(x_realloc),
            xSize: Some(x_size),
            xRoundup: Some(x_roundup),
            xInit: Some(x_init),
            xShutdown: Some(x_shutdown),
            pAppData: std::ptr::null_mut(),
        }));
        // SAFETY: SQLITE_CONFIG_MALLOC copies the table, which is 'static anyway; SQLite
        // refuses (SQLITE_MISUSE) if it is already initialised, and then nothing changes.
        let rc = unsafe {
            libsqlite3_sys::sqlite3_config(
                libsqlite3_sys::SQLITE_CONFIG_MALLOC,
                methods as *const libsqlite3_sys::sqlite3_mem_methods,
            )
        };
        rc == libsqlite3_sys::SQLITE_OK
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_allocates_through_the_wiping_allocator() {
        assert!(wipe_sqlite_memory(), "configured before SQLite's first use");
        // SAFETY: plain SQLite allocation calls.
        unsafe {
            let p = libsqlite3_sys::sqlite3_malloc(100);
            assert!(!p.is_null());
            // 100 rounded up to 8 by our xRoundup, the size kept in our header.
            assert_eq!(
                libsqlite3_sys::sqlite3_msize(p),
                104,
                "allocated by our allocator"
            );
            let q = libsqlite3_sys::sqlite3_realloc(p, 5000);
            assert_eq!(libsqlite3_sys::sqlite3_msize(q), 5000);
            libsqlite3_sys::sqlite3_free(q);
        }
    }

    #[test]
    fn core_dumps_are_forbidden() {
        forbid_core_dumps().unwrap();
        if let Some(dumpable) = is_dumpable() {
            assert!(!dumpable);
        }
    }
}

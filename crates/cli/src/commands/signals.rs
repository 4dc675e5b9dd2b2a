//! SIGTERM, SIGHUP and SIGINT, caught while escrot has something to clean up after a child
//! process it runs (`edit`'s decrypted copy, `run`'s files): the handler only records the
//! signal; the command's waiting loop acts on it, forwarding it to the child first.
//!
//! A signal that the terminal sent (Ctrl-C, a hang-up) went to the whole foreground
//! process group, the child included: it is recorded but not forwarded, so that the child
//! does not get it twice. A signal another process sent (`kill`) reached escrot alone, and
//! is forwarded.

#[cfg(unix)]
pub use unix::*;

#[cfg(unix)]
mod unix {
    use std::sync::atomic::{AtomicI32, Ordering};

    const SIGNALS: [libc::c_int; 3] = [libc::SIGTERM, libc::SIGHUP, libc::SIGINT];

    /// The last signal received (0: none).
    static RECEIVED: AtomicI32 = AtomicI32::new(0);

    /// The last signal received that the child has not had yet (0: none).
    static TO_FORWARD: AtomicI32 = AtomicI32::new(0);

    /// The child the handler forwards signals to itself (0: none; the waiting loop does).
    static CHILD: AtomicI32 = AtomicI32::new(0);

    extern "C" fn record(signal: libc::c_int, info: *mut libc::siginfo_t, _context: *mut libc::c_void) {
        RECEIVED.store(signal, Ordering::SeqCst);
        // SAFETY: the kernel passes a valid siginfo_t to an SA_SIGINFO handler (checked for
        // null all the same). Reading a field is async-signal-safe.
        let sent_by_process = info.is_null() || unsafe { (*info).si_code } <= 0;
        // `si_code` ≤ 0 is SI_USER, SI_QUEUE, SI_TKILL…: kill(2) and its kin. The kernel's
        // own signals (the terminal's) have a positive code (SI_KERNEL).
        if sent_by_process {
            TO_FORWARD.store(signal, Ordering::SeqCst);
            forward_pending();
        }
    }

    /// Sends the signal to forward, if any, to the child, if one is set: called by the
    /// handler and by [`Trap::forward_to`]. Whichever takes the signal sends it, so it is
    /// sent once, also when it comes while the child is being set.
    fn forward_pending() {
        let pid = CHILD.load(Ordering::SeqCst);
        if pid > 0 {
            let signal = TO_FORWARD.swap(0, Ordering::SeqCst);
            if signal != 0 {
                // SAFETY: kill(2) is async-signal-safe; `pid` is our child, not reaped yet
                // (the waiter clears it first).
                unsafe {
                    libc::kill(pid, signal);
                }
            }
        }
    }

    /// The handlers, installed until dropped (then the previous ones are back).
    pub struct Trap {
        previous: Vec<(libc::c_int, libc::sigaction)>,
    }

    impl Trap {
        pub fn install() -> Trap {
            RECEIVED.store(0, Ordering::SeqCst);
            TO_FORWARD.store(0, Ordering::SeqCst);
            let mut previous = Vec::new();
            for signal in SIGNALS {
                // SAFETY: `record` is async-signal-safe (atomic stores); the structs are
                // zeroed plain C data, filled as sigaction(2) wants.
                unsafe {
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = record as *const () as libc::sighandler_t;
                    action.sa_flags = libc::SA_RESTART | libc::SA_SIGINFO;
                    libc::sigemptyset(&mut action.sa_mask);
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(signal, &action, &mut old) != 0 {
                        continue;
                    }
                    if old.sa_sigaction == libc::SIG_IGN {
                        // Ignored by whoever started escrot (a background job ignores
                        // SIGINT): it stays ignored, it cannot end escrot anyway.
                        libc::sigaction(signal, &old, std::ptr::null_mut());
                        continue;
                    }
                    previous.push((signal, old));
                }
            }
            Trap { previous }
        }

        /// The last signal received since the trap was installed.
        pub fn received(&self) -> Option<i32> {
            Some(RECEIVED.load(Ordering::SeqCst)).filter(|s| *s != 0)
        }

        /// The last signal received that is still to be forwarded to the child (once).
        pub fn take_to_forward(&self) -> Option<i32> {
            Some(TO_FORWARD.swap(0, Ordering::SeqCst)).filter(|s| *s != 0)
        }

        /// From now on the handler forwards signals to `child` at once (and one that came
        /// since the trap was installed is forwarded now), so that the caller can block
        /// waiting for it. Call [`Trap::stop_forwarding`] before the child is reaped.
        pub fn forward_to(&self, child: &std::process::Child) {
            CHILD.store(libc::pid_t::try_from(child.id()).unwrap_or(0), Ordering::SeqCst);
            forward_pending();
        }

        pub fn stop_forwarding(&self) {
            CHILD.store(0, Ordering::SeqCst);
        }
    }

    impl Drop for Trap {
        fn drop(&mut self) {
            self.stop_forwarding();
            for (signal, old) in &self.previous {
                // SAFETY: restores the action sigaction(2) returned for this signal.
                unsafe {
                    libc::sigaction(*signal, old, std::ptr::null_mut());
                }
            }
        }
    }

    /// Passes the signal on to the child.
    pub fn forward(child: &std::process::Child, signal: i32) {
        if let Ok(pid) = libc::pid_t::try_from(child.id()) {
            // SAFETY: kill(2) on our own child's pid; failure (it exited) is harmless.
            unsafe {
                libc::kill(pid, signal);
            }
        }
    }

    /// Ends escrot as the signal would have: with its default action, so that the parent
    /// sees it killed by that signal (a shell prints `Terminated`, a script stops).
    pub fn die_of(signal: i32) -> ! {
        // SAFETY: the default action for a terminating signal, then the signal itself.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
        std::process::exit(128 + signal)
    }
}

#[cfg(not(unix))]
pub use other::*;

#[cfg(not(unix))]
mod other {
    //! Without POSIX signals there is nothing to trap: the process ends as it would.

    pub struct Trap;

    impl Trap {
        pub fn install() -> Trap {
            Trap
        }

        pub fn received(&self) -> Option<i32> {
            None
        }

        pub fn take_to_forward(&self) -> Option<i32> {
            None
        }

        pub fn forward_to(&self, _child: &std::process::Child) {}

        pub fn stop_forwarding(&self) {}
    }

    pub fn forward(_child: &std::process::Child, _signal: i32) {}

    pub fn die_of(signal: i32) -> ! {
        std::process::exit(128 + signal)
    }
}

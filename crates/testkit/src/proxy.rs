//! A TCP proxy that counts what crosses it, for tests of how many connections and round
//! trips a client makes (each costs a network latency on a real network).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Connections and round trips through the proxy.
#[derive(Default)]
pub struct Counts {
    connections: AtomicUsize,
    round_trips: AtomicUsize,
}

impl Counts {
    /// The connections the proxy accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The round trips: client requests the server answered (each answer after the client
    /// spoke counts once, however many requests were pipelined before it).
    pub fn round_trips(&self) -> usize {
        self.round_trips.load(Ordering::SeqCst)
    }
}

/// A TCP proxy on a free loopback port in front of `to`, counting.
pub fn counting_proxy(to: u16) -> (u16, Arc<Counts>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let counts = Arc::new(Counts::default());
    let c = counts.clone();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { return };
            let Ok(server) = TcpStream::connect(("127.0.0.1", to)) else { return };
            c.connections.fetch_add(1, Ordering::SeqCst);
            // Whether the client spoke last: the server's next answer ends a round trip.
            let client_spoke = Arc::new(Mutex::new(false));
            let (c2, spoke2) = (c.clone(), client_spoke.clone());
            let (client2, server2) = (client.try_clone().expect("clone"), server.try_clone().expect("clone"));
            std::thread::spawn(move || pump(client2, server2, |_| *spoke2.lock().unwrap() = true));
            std::thread::spawn(move || {
                pump(server, client, |_| {
                    let mut spoke = client_spoke.lock().unwrap();
                    if *spoke {
                        c2.round_trips.fetch_add(1, Ordering::SeqCst);
                        *spoke = false;
                    }
                })
            });
        }
    });
    (port, counts)
}

/// Copies `from` to `to`, calling `seen` before forwarding each chunk (so that an answer
/// cannot be counted before the request it answers).
fn pump(mut from: TcpStream, mut to: TcpStream, seen: impl Fn(usize)) {
    let mut buf = [0u8; 65536];
    while let Ok(n) = from.read(&mut buf) {
        if n == 0 {
            break;
        }
        seen(n);
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

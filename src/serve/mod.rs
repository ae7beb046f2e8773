//! `jaarverslag serve`: local preview with live reload.
//!
//! The site is built in memory (never into `public/`) with its base URL pointed at this
//! server, served by a few worker threads, and rebuilt when a source changes
//! ([`watch`]). After each rebuild every open page is told to reload through Server-Sent
//! Events ([`events`]). A failed rebuild keeps the last good site online and puts the
//! errors on every page ([`page`]). The server itself is in [`http`]; what it serves at one
//! moment is a [`state::Snapshot`].

mod events;
mod http;
mod page;
mod state;
mod watch;

use anyhow::{anyhow, Context as _, Result};
use state::Shared;
use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// `None`: 1111, or a free port if 1111 is taken.
    pub port: Option<u16>,
}

/// The port used when none is asked for.
const DEFAULT_PORT: u16 = 1111;

/// Request handlers. Responses come from memory, so a few threads keep up with many
/// connections; the live-reload streams do not hold a thread (see [`events`]).
const WORKERS: usize = 8;

/// Builds the site, serves it and rebuilds it on every change, until Ctrl-C.
pub fn serve(options: &ServeOptions) -> Result<()> {
    let root = std::fs::canonicalize(&options.root)
        .with_context(|| format!("cannot open the site folder {}", options.root.display()))?;
    let listener = listen(options.bind, options.port)?;
    send_without_delay(&listener);
    let address = listener
        .local_addr()
        .context("cannot read the server's address")?;
    let shared = Arc::new(Shared::new(root.clone(), origin(address)));
    state::rebuild(&shared, &[]);

    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|e| anyhow!("cannot start the HTTP server: {e}"))?,
    );
    // Watch before answering requests: once a page loads, every later save is seen.
    let watcher = watch::start(&root, Arc::clone(&shared))?;
    let stopping = Arc::new(AtomicBool::new(false));
    let workers = spawn_workers(&server, &shared, &stopping)?;
    announce(&shared, options.bind);

    wait_for_ctrl_c()?;
    println!("\nStopping.");
    stopping.store(true, Ordering::SeqCst);
    watcher.stop();
    shared.clients.close_all();
    for _ in &workers {
        server.unblock();
    }
    for worker in workers {
        // A worker that panicked has nothing left to clean up.
        let _ = worker.join();
    }
    Ok(())
}

/// Listens on the asked port; without one, on 1111 or else any free port.
fn listen(bind: IpAddr, port: Option<u16>) -> Result<TcpListener> {
    let wanted = SocketAddr::new(bind, port.unwrap_or(DEFAULT_PORT));
    match (TcpListener::bind(wanted), port) {
        (Ok(listener), _) => Ok(listener),
        (Err(e), None) if e.kind() == ErrorKind::AddrInUse => {
            let listener = TcpListener::bind(SocketAddr::new(bind, 0))
                .with_context(|| format!("cannot listen on {bind}"))?;
            let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
            println!("Port {DEFAULT_PORT} is in use; using port {port} instead.");
            Ok(listener)
        }
        (Err(e), Some(_)) if e.kind() == ErrorKind::AddrInUse => Err(anyhow!(
            "cannot listen on {wanted}: the port is in use; choose another --port, or leave \
             --port out to take a free one"
        )),
        (Err(e), _) => Err(e).with_context(|| format!("cannot listen on {wanted}")),
    }
}

/// Turns off Nagle's algorithm for every connection (accepted sockets inherit it from the
/// listener). tiny_http writes a response's head and body in two writes; with Nagle on,
/// the body's last packet then waits for the client's delayed ACK, 40 ms on Linux: 270
/// requests/s instead of 16,000 under `scripts/serve-load.sh`. Without it serving still
/// works, only slower, so a failure is ignored.
#[cfg(target_os = "linux")]
fn send_without_delay(listener: &TcpListener) {
    use std::os::fd::AsRawFd;
    let on: libc::c_int = 1;
    // SAFETY: a valid socket, and a pointer to an int that lives through the call, with
    // its size.
    unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn send_without_delay(_listener: &TcpListener) {}

/// The server's URL without a path. A server on every interface is reached locally through
/// the loopback address, which is what the pages' absolute links should use.
fn origin(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, address.port()))
}

fn spawn_workers(
    server: &Arc<tiny_http::Server>,
    shared: &Arc<Shared>,
    stopping: &Arc<AtomicBool>,
) -> Result<Vec<JoinHandle<()>>> {
    (0..WORKERS)
        .map(|n| {
            let server = Arc::clone(server);
            let shared = Arc::clone(shared);
            let stopping = Arc::clone(stopping);
            std::thread::Builder::new()
                .name(format!("serve-{n}"))
                .spawn(move || loop {
                    match server.recv() {
                        Ok(request) => http::handle(request, &shared),
                        // `recv` fails when unblocked for shutdown, and on a failed accept,
                        // which must not stop the server.
                        Err(_) if stopping.load(Ordering::SeqCst) => break,
                        Err(e) => eprintln!("serve: {e}"),
                    }
                })
                .context("cannot start a request thread")
        })
        .collect()
}

fn announce(shared: &Shared, bind: IpAddr) {
    let base_path = shared.snapshot().base_path.clone();
    println!(
        "Serving the site at {}{base_path} (Ctrl-C to stop)",
        shared.origin
    );
    if bind.is_unspecified() {
        println!("Listening on every network interface, as asked.");
    }
    println!("Watching content/, templates/ and static/ for changes.");
}

fn wait_for_ctrl_c() -> Result<()> {
    let (tx, rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        // A second Ctrl-C finds the receiver gone; nothing more to do.
        let _ = tx.send(());
    })
    .context("cannot listen for Ctrl-C")?;
    rx.recv().context("the Ctrl-C handler went away")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_use_loopback_for_every_interface() {
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert_eq!(origin(any), "http://127.0.0.1:1111");
        let v6: SocketAddr = "[::]:8000".parse().unwrap();
        assert_eq!(origin(v6), "http://[::1]:8000");
        let lan: SocketAddr = "192.168.1.5:1111".parse().unwrap();
        assert_eq!(origin(lan), "http://192.168.1.5:1111");
    }

    #[test]
    fn a_busy_port_that_was_asked_for_is_an_error() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let error = listen(IpAddr::V4(Ipv4Addr::LOCALHOST), Some(port)).unwrap_err();
        assert!(error.to_string().contains("in use"), "{error}");
    }
}

//! `jaarverslag serve`: local preview with live reload.
//!
//! The site is built in memory (never into `public/`) with its base URL pointed at this
//! server, and rebuilt when a source changes ([`watch`]). After each rebuild every open
//! page is told to reload through Server-Sent Events ([`events`]). A failed rebuild keeps
//! the last good site online and puts the errors on every page ([`page`]). The server is in
//! [`server`] (connections, limits, host names) and [`http`] (what a request gets); what
//! it serves at one moment is a [`state::Snapshot`].

mod events;
mod http;
mod page;
mod pngs;
mod server;
mod state;
mod watch;

pub use server::HEADER_TIMEOUT;

use anyhow::{anyhow, Context as _, Result};
use state::Shared;
use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Notify;

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// `None`: 1111, or a free port if 1111 is taken.
    pub port: Option<u16>,
    /// How long a connection may take to send a request's head before it is closed
    /// ([`HEADER_TIMEOUT`] unless the command line says otherwise; the tests set
    /// a short one so that none waits seconds for it).
    pub header_timeout: std::time::Duration,
    /// How long a rebuild may take before it is given up ([`state::build_within`]).
    pub rebuild_timeout: std::time::Duration,
}

/// The port used when none is asked for.
const DEFAULT_PORT: u16 = 1111;

/// Builds the site, serves it and rebuilds it on every change, until Ctrl-C.
pub fn serve(options: &ServeOptions) -> Result<()> {
    let root = std::fs::canonicalize(&options.root).with_context(|| {
        format!(
            "cannot open the site folder {}",
            crate::diagnostics::shown_path(&options.root)
        )
    })?;
    let listener = listen(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .context("cannot read the server's address")?;
    let shared = Arc::new(Shared::new(root.clone(), origin(address)));
    state::build_within(&shared, &[], options.rebuild_timeout).publish(&shared);

    // One thread answers every connection: responses come from memory, and a connection
    // waiting for its client (a live-reload stream, say) costs no thread.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .context("cannot start the HTTP server")?;
    let stop = Arc::new(Notify::new());
    let on_ctrl_c = Arc::clone(&stop);
    // `notify_one` keeps the news for the server loop if it is not waiting at that moment.
    ctrlc::set_handler(move || on_ctrl_c.notify_one()).context("cannot listen for Ctrl-C")?;
    // Watch before answering requests: once a page loads, every later save is seen.
    let watcher = watch::start(&root, Arc::clone(&shared), options.rebuild_timeout)?;
    announce(&shared, options.bind);

    let cap = server::connection_cap();
    let served = runtime.block_on(server::run(
        listener,
        Arc::clone(&shared),
        cap,
        options.header_timeout,
        stop,
    ));
    println!("\nStopping.");
    watcher.stop();
    // Closes every connection, live-reload streams included.
    drop(runtime);
    served.map_err(|e| anyhow!("the HTTP server stopped: {e}"))
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

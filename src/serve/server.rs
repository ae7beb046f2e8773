//! The listening side of the preview: which requests are answered, how many connections
//! are held at once and for how long. What a request gets is [`super::http`]'s business.
//!
//! hyper (HTTP/1.1) on a single-threaded tokio runtime: every connection is a task, not a
//! thread, so the thread count stays the same however many pages, streams or stalled
//! clients there are. Three limits keep the server answering:
//! - at most [`connection_cap`] connections are held; past it, new ones wait in the
//!   system's queue until one closes. (tiny_http, used before, held two descriptors per
//!   connection without a cap; at the usual limit of 1,024 open files its accept thread
//!   died after about 512 connections, and the port stayed dead.)
//! - a connection must send a request's whole head within [`HEADER_TIMEOUT`], also
//!   between two requests on one connection; otherwise it is closed. (1,000 connections
//!   that never finished their headers used to hold 1,017 threads, for good.)
//! - only requests for a host name of this machine are answered (see [`Hosts`]): a web
//!   page elsewhere cannot read the preview by pointing its own name at 127.0.0.1.
//! - live-reload streams have slots of their own ([`stream_cap`]): a connection that asks
//!   for one gives its slot back and takes a stream slot, or is told to try later. (Open
//!   streams never end; when they counted against the one cap, 512 of them locked every
//!   page load out; issue 26, case 10.)

use super::http::{self, Answer};
use super::state::Shared;
use hyper::body::Incoming;
use hyper::header::HOST;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::io::{self, ErrorKind};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

/// How long a client may take to send a request's head, unless `serve` is told otherwise
/// ([`super::ServeOptions::header_timeout`]). Browsers send one at once; only a stalled or
/// hostile client needs longer.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// After an accept that failed for want of resources (no file descriptor left, say), the
/// loop waits this long before it tries again, instead of spinning.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// The most connections held at once. A browser holds six per site, plus one per open
/// page's live-reload stream.
const MAX_CONNECTIONS: usize = 512;
/// File descriptors kept free for the rest of the process: the rebuild reads the sources,
/// the watcher has its own, and so does the terminal.
const RESERVED_FILES: usize = 64;
const MIN_CONNECTIONS: usize = 16;

/// Accepts and answers connections on `listener` until `stop` is notified.
pub async fn run(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    cap: usize,
    header_timeout: Duration,
    stop: Arc<Notify>,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = TcpListener::from_std(listener)?;
    let hosts = Arc::new(Hosts::new(listener.local_addr()?));
    let slots = Slots::new(cap);
    let accepting = tokio::spawn(accept(listener, shared, hosts, slots, header_timeout));
    stop.notified().await;
    accepting.abort();
    Ok(())
}

/// The accept loop, which never ends by itself.
async fn accept(
    listener: TcpListener,
    shared: Arc<Shared>,
    hosts: Arc<Hosts>,
    slots: Slots,
    header_timeout: Duration,
) {
    let mut failing = false;
    loop {
        // Waits while every page slot is taken.
        let Ok(slot) = Arc::clone(&slots.pages).acquire_owned().await else {
            return; // the semaphore is never closed
        };
        match listener.accept().await {
            Ok((stream, _)) => {
                failing = false;
                let slot = Arc::new(Mutex::new(Slot::Page(slot)));
                let streams = Arc::clone(&slots.streams);
                let connection = serve(
                    stream,
                    slot,
                    streams,
                    Arc::clone(&shared),
                    Arc::clone(&hosts),
                    header_timeout,
                );
                tokio::spawn(connection);
            }
            // One client gave up while it was being accepted: nothing to do about it.
            Err(e) if is_about_one_connection(&e) => {}
            // Out of descriptors or memory: the loop must go on, or the port stays dead.
            // Said once per spell, not once per try.
            Err(e) => {
                if !failing {
                    eprintln!("serve: cannot take a new connection ({e}); trying again");
                    failing = true;
                }
                tokio::time::sleep(ACCEPT_PAUSE).await;
            }
        }
    }
}

/// The connection slots: most for pages and files, some for live-reload streams; the two
/// together are the connection cap.
struct Slots {
    pages: Arc<Semaphore>,
    streams: Arc<Semaphore>,
}

impl Slots {
    fn new(cap: usize) -> Slots {
        let streams = stream_cap(cap);
        Slots {
            pages: Arc::new(Semaphore::new(cap - streams)),
            streams: Arc::new(Semaphore::new(streams)),
        }
    }
}

/// How many of `cap` connections may be live-reload streams: a quarter (128 of 512; one
/// per open tab of the preview), and at least one.
fn stream_cap(cap: usize) -> usize {
    (cap / 4).clamp(1, cap.saturating_sub(1).max(1))
}

/// The slot a connection holds: a page slot, until it asks for a live-reload stream.
enum Slot {
    Page(#[allow(dead_code)] OwnedSemaphorePermit),
    Stream(#[allow(dead_code)] OwnedSemaphorePermit),
}

/// Whether `request` asks for a live-reload stream (at the server's root or under the
/// base path).
fn asks_for_stream(request: &Request<Incoming>) -> bool {
    request
        .uri()
        .path()
        .ends_with(&format!("/{}", super::events::EVENTS_PATH))
}

/// Moves a connection that asks for a stream from its page slot to a stream slot; `false`
/// when every stream slot is taken (it keeps its page slot then, and is answered 503).
fn take_stream_slot(slot: &Mutex<Slot>, streams: &Arc<Semaphore>) -> bool {
    let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
    if matches!(*slot, Slot::Stream(_)) {
        return true;
    }
    match Arc::clone(streams).try_acquire_owned() {
        Ok(permit) => {
            // The page slot is given back as it is replaced.
            *slot = Slot::Stream(permit);
            true
        }
        Err(_) => false,
    }
}

/// How many connections to hold at once: [`MAX_CONNECTIONS`], fewer when the process may
/// not open that many files besides the ones it needs for itself.
pub fn connection_cap() -> usize {
    cap_for(open_files_limit())
}

fn cap_for(open_files: Option<usize>) -> usize {
    let room = open_files.map_or(MAX_CONNECTIONS, |n| n.saturating_sub(RESERVED_FILES));
    room.clamp(MIN_CONNECTIONS, MAX_CONNECTIONS)
}

/// The soft limit on open files, when there is one.
#[cfg(target_os = "linux")]
fn open_files_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: a valid resource and a pointer to a struct that lives through the call.
    let read = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    if read != 0 || limit.rlim_cur == libc::RLIM_INFINITY {
        return None;
    }
    usize::try_from(limit.rlim_cur).ok()
}

#[cfg(not(target_os = "linux"))]
fn open_files_limit() -> Option<usize> {
    None
}

fn is_about_one_connection(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::Interrupted
    )
}

/// Answers one connection's requests until it closes; its slot is freed then.
async fn serve(
    stream: TcpStream,
    slot: Arc<Mutex<Slot>>,
    streams: Arc<Semaphore>,
    shared: Arc<Shared>,
    hosts: Arc<Hosts>,
    header_timeout: Duration,
) {
    // The last packet of a response must not wait for the client's delayed ACK (40 ms on
    // Linux). Without it serving still works, only slower.
    let _ = stream.set_nodelay(true);
    // The address the client reached this machine at: a name of this machine too.
    let reached = stream.local_addr().ok().map(|a| a.ip());
    let held = Arc::clone(&slot);
    let service = service_fn(move |request: Request<Incoming>| {
        let answered = if asks_for_stream(&request) && !take_stream_slot(&held, &streams) {
            // A browser's EventSource closes its connection on this answer (the page
            // works, without live reload); a client that keeps it open holds a page slot
            // until the header timeout closes it.
            Answer::Ready(http::text(
                503,
                "Too many pages of the preview are open at once for live reload: close some \
                 tabs. This page still works; it reloads when you reload it.\n",
            ))
        } else {
            answer(&request, &shared, &hosts, reached)
        };
        let shared = Arc::clone(&shared);
        async move {
            let response = match answered {
                Answer::Ready(response) => response,
                // Drawn on tokio's blocking pool: other requests are answered meanwhile.
                Answer::Draw(drawing) => tokio::task::spawn_blocking(move || drawing.draw(&shared))
                    .await
                    .unwrap_or_else(|_| http::text(500, "The PNG could not be drawn.\n")),
            };
            Ok::<_, Infallible>(response)
        }
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .serve_connection(TokioIo::new(stream), service);
    // An error means the client went away, sent something that is not HTTP or took too
    // long; its connection is closed, which is all there is to do.
    let _ = connection.await;
    // The slot, whichever it is now, is given back with the connection.
    drop(slot);
}

fn answer(
    request: &Request<Incoming>,
    shared: &Shared,
    hosts: &Hosts,
    reached: Option<IpAddr>,
) -> Answer {
    let host = request.headers().get(HOST).and_then(|h| h.to_str().ok());
    if !hosts.allows(host, reached) {
        return Answer::Ready(http::text(
            403,
            &format!(
                "This preview answers only requests for this computer: open \
                 http://127.0.0.1:{}/ (or localhost).\n",
                hosts.port
            ),
        ));
    }
    // The target as sent; `http://host/path` stays whole, and so is not found.
    http::answer_or_draw(request.method(), &request.uri().to_string(), shared)
}

/// The names under which a request may reach the preview: `localhost`, a loopback
/// address, the address it was bound to or the one the connection came in on, each with
/// the server's port.
///
/// Why: a page on `evil.example` can point its own name at 127.0.0.1 (DNS rebinding);
/// the browser then lets it read whatever `http://evil.example:1111/` answers, including
/// text not yet published. Such requests carry `Host: evil.example:1111`, and are refused.
/// An address as host name cannot be rebound, so a phone reaching a server started with
/// `--bind 0.0.0.0` at this machine's address is answered.
struct Hosts {
    bind: IpAddr,
    port: u16,
}

impl Hosts {
    fn new(address: SocketAddr) -> Hosts {
        Hosts {
            bind: address.ip(),
            port: address.port(),
        }
    }

    fn allows(&self, host: Option<&str>, reached: Option<IpAddr>) -> bool {
        let Some((name, port)) = host.and_then(split_host) else {
            return false;
        };
        // Without a port the browser means port 80.
        if port.unwrap_or(80) != self.port {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let Ok(ip) = name.parse::<IpAddr>() else {
            return false;
        };
        let ip = ip.to_canonical();
        ip.is_loopback()
            || (!self.bind.is_unspecified() && ip == self.bind.to_canonical())
            || reached.is_some_and(|reached| ip == reached.to_canonical())
    }
}

/// `name:port` into its name and port: `[::1]:8080` gives `::1` and 8080, `localhost`
/// gives no port. `None` for anything else.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (name, after) = rest.split_once(']')?;
            match after {
                "" => (name, None),
                _ => (name, Some(after.strip_prefix(':')?)),
            }
        }
        None => match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    let port = match port {
        Some(port) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            Some(port.parse().ok()?)
        }
        Some(_) => return None,
        None => None,
    };
    (!name.is_empty()).then_some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn hosts(bind: &str) -> Hosts {
        Hosts::new(SocketAddr::new(bind.parse().unwrap(), 1111))
    }

    #[test]
    fn names_of_this_machine_with_the_port_are_answered() {
        let local = hosts("127.0.0.1");
        for host in [
            "localhost:1111",
            "LocalHost:1111",
            "127.0.0.1:1111",
            "127.0.0.2:1111",
            "[::1]:1111",
        ] {
            assert!(local.allows(Some(host), None), "{host}");
        }
        let lan = hosts("192.168.1.5");
        assert!(lan.allows(Some("192.168.1.5:1111"), None));
        // Bound to every interface: the address the connection came in on.
        let any = hosts("0.0.0.0");
        let reached = Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 7)));
        assert!(any.allows(Some("10.0.0.7:1111"), reached));
        let mapped = Some(IpAddr::V6(Ipv4Addr::new(10, 0, 0, 7).to_ipv6_mapped()));
        assert!(any.allows(Some("10.0.0.7:1111"), mapped));
        let v6 = Some(IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 7)));
        assert!(any.allows(Some("[fd00::7]:1111"), v6));
    }

    #[test]
    fn other_names_ports_and_odd_hosts_are_refused() {
        let local = hosts("127.0.0.1");
        let reached = Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
        for host in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "localhost:2222",
            "localhost",
            "127.0.0.1",
            "10.0.0.7:1111",
            "0.0.0.0:1111",
            "localhost:",
            "localhost:1111:1111",
            "localhost:+1111",
            "[::1]1111",
            "::1:1111",
            ":1111",
            "",
        ] {
            assert!(!local.allows(Some(host), reached), "{host}");
        }
        assert!(!local.allows(None, reached));
        // Every interface is not a host name.
        assert!(!hosts("0.0.0.0").allows(Some("0.0.0.0:1111"), reached));
    }

    #[test]
    fn without_a_port_port_80_is_meant() {
        let on_80 = Hosts::new(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 80));
        assert!(on_80.allows(Some("localhost"), None));
        assert!(on_80.allows(Some("[::1]"), None));
        assert!(!on_80.allows(Some("evil.example"), None));
    }

    #[test]
    fn streams_have_slots_of_their_own() {
        assert_eq!(stream_cap(512), 128);
        assert_eq!(stream_cap(16), 4);
        assert_eq!(stream_cap(2), 1);
        let slots = Slots::new(16);
        assert_eq!(slots.pages.available_permits(), 12);
        let slot = Mutex::new(Slot::Page(
            Arc::clone(&slots.pages).try_acquire_owned().unwrap(),
        ));
        assert_eq!(slots.pages.available_permits(), 11);
        assert!(take_stream_slot(&slot, &slots.streams));
        // The page slot went back; a stream slot is held.
        assert_eq!(slots.pages.available_permits(), 12);
        assert_eq!(slots.streams.available_permits(), 3);
        assert!(take_stream_slot(&slot, &slots.streams));
        assert_eq!(slots.streams.available_permits(), 3);
        drop(slot);
        assert_eq!(slots.streams.available_permits(), 4);
    }

    /// Issue 26, case 10, in process on 127.0.0.1: more open streams than the whole
    /// connection cap, and a page is still answered at once.
    #[test]
    fn open_streams_never_lock_pages_out() {
        use std::io::{Read as _, Write as _};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let tmp = tempfile::tempdir().unwrap();
        let shared = Arc::new(Shared::new(
            tmp.path().to_path_buf(),
            format!("http://127.0.0.1:{port}"),
        ));
        let stop = Arc::new(tokio::sync::Notify::new());
        let server = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_io()
                    .enable_time()
                    .build()
                    .unwrap();
                runtime
                    .block_on(run(listener, shared, 16, HEADER_TIMEOUT, stop))
                    .unwrap();
            })
        };
        let request = |path: &str| {
            let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            write!(
                stream,
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
            )
            .unwrap();
            stream
        };
        let events = format!("/{}", super::super::events::EVENTS_PATH);
        // 8 streams against 4 stream slots (of 16): 4 are streams, 4 are refused.
        let mut streams: Vec<_> = (0..8).map(|_| request(&events)).collect();
        let mut statuses = Vec::new();
        for stream in &mut streams {
            let mut head = [0u8; 12];
            stream.read_exact(&mut head).unwrap();
            statuses.push(String::from_utf8_lossy(&head[9..12]).into_owned());
        }
        assert_eq!(
            statuses.iter().filter(|s| *s == "200").count(),
            4,
            "{statuses:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| *s == "503").count(),
            4,
            "{statuses:?}"
        );
        // With all 8 still open, a page is answered at once: the streams hold no page
        // slot. (Before, every connection held one of the 16.)
        let started = std::time::Instant::now();
        let mut page = request("/");
        let mut head = [0u8; 12];
        page.read_exact(&mut head).unwrap();
        assert!(head.starts_with(b"HTTP/1.1 "), "{head:?}");
        assert!(started.elapsed() < Duration::from_secs(2));
        stop.notify_one();
        server.join().unwrap();
    }

    /// Issue 26, case 9: a PNG is drawn off the answering thread and kept; asked again
    /// (after a rebuild too), it is not drawn again.
    #[test]
    fn a_png_is_drawn_once_and_kept() {
        use std::io::{Read as _, Write as _};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let tmp = tempfile::tempdir().unwrap();
        let shared = Arc::new(Shared::new(
            tmp.path().to_path_buf(),
            format!("http://127.0.0.1:{port}"),
        ));
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\">\
                   <rect width=\"40\" height=\"20\" fill=\"#1f4e79\"/></svg>";
        let mut output = crate::output::Output::default();
        output.add_png_source("a.png", svg, 1).unwrap();
        shared.replace(super::super::state::Snapshot {
            output: Some(Arc::new(output)),
            base_path: "/".into(),
            problems: None,
            generation: 1,
        });
        let stop = Arc::new(tokio::sync::Notify::new());
        let server = {
            let (shared, stop) = (Arc::clone(&shared), Arc::clone(&stop));
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_io()
                    .enable_time()
                    .build()
                    .unwrap();
                runtime
                    .block_on(run(listener, shared, 16, HEADER_TIMEOUT, stop))
                    .unwrap();
            })
        };
        let get = |path: &str| {
            let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            write!(
                stream,
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut reply = Vec::new();
            stream.read_to_end(&mut reply).unwrap();
            reply
        };
        let key = crate::raster::key(svg, 1);
        assert!(shared.pngs.get(&key).is_none());
        let first = get("/a.png");
        assert!(
            first.starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&first)
        );
        assert!(String::from_utf8_lossy(&first).contains("image/png"));
        let kept = shared.pngs.get(&key).expect("the PNG is kept");
        assert!(kept.starts_with(b"\x89PNG"));
        // Asked again: the kept bytes, the same answer.
        let again = get("/a.png");
        assert!(again.ends_with(&kept[..]));
        stop.notify_one();
        server.join().unwrap();
    }

    #[test]
    fn the_cap_leaves_room_under_the_open_files_limit() {
        assert_eq!(cap_for(None), MAX_CONNECTIONS);
        assert_eq!(cap_for(Some(1_048_576)), MAX_CONNECTIONS);
        assert_eq!(cap_for(Some(1024)), MAX_CONNECTIONS);
        assert_eq!(cap_for(Some(256)), 256 - RESERVED_FILES);
        assert_eq!(cap_for(Some(20)), MIN_CONNECTIONS);
    }
}

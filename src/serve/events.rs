//! The live-reload streams: Server-Sent Events at `<base>__jaarverslag/events`.
//!
//! A stream does not keep a thread: its socket's writer is kept in a list, and a rebuild
//! writes one `reload` event to each. tiny_http buffers a streaming `Response`, so the
//! response is written by hand through `into_writer()` and flushed after every event. A
//! write that fails means the page went away; its stream is dropped from the list.

use std::io::{self, Write};
use std::sync::{Mutex, MutexGuard};

/// The path of the stream under the site's base path (and at the server's root).
pub const EVENTS_PATH: &str = "__jaarverslag/events";

/// Browsers reconnect this soon (ms) after the stream breaks, e.g. a restarted server.
const RETRY_MS: u32 = 500;

type Stream = Box<dyn Write + Send + 'static>;

/// The open streams.
#[derive(Default)]
pub struct Clients {
    streams: Mutex<Vec<Stream>>,
}

impl Clients {
    /// Starts a stream on `writer`, a request's raw socket writer. `is_stale` tells, under
    /// the list's lock, whether the page asking is already older than the current build;
    /// such a page is told to reload at once. Deciding under the lock means a rebuild
    /// either happens before (and `is_stale` sees it) or reaches this stream: a page
    /// never misses a reload between its loading and its stream's start.
    pub fn add(&self, mut writer: Stream, is_stale: impl FnOnce() -> bool) {
        let mut streams = self.lock();
        let head = format!(
            "HTTP/1.1 200 OK\r\n\
             Content-Type: text/event-stream; charset=utf-8\r\n\
             Cache-Control: no-cache\r\n\
             Connection: close\r\n\
             \r\n\
             retry: {RETRY_MS}\n\n"
        );
        let mut started = send(&mut writer, &head);
        if started.is_ok() && is_stale() {
            started = send(&mut writer, "event: reload\ndata: stale\n\n");
        }
        if started.is_ok() {
            streams.push(writer);
        }
    }

    /// Tells every open page to reload.
    pub fn reload(&self, generation: u64) {
        self.broadcast(&format!("event: reload\ndata: {generation}\n\n"));
    }

    /// A comment line, which pages ignore: finds the streams whose page has gone, so they
    /// do not pile up between rebuilds.
    pub fn ping(&self) {
        self.broadcast(": ping\n\n");
    }

    /// Ends every stream (on shutdown): dropping a writer lets its connection close.
    pub fn close_all(&self) {
        self.lock().clear();
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }

    fn broadcast(&self, message: &str) {
        self.lock()
            .retain_mut(|stream| send(stream, message).is_ok());
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Stream>> {
        // A list of sockets stays usable after a panic elsewhere.
        self.streams.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn send(stream: &mut Stream, message: &str) -> io::Result<()> {
    stream.write_all(message.as_bytes())?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A writer that records what it gets, or fails like a closed socket.
    #[derive(Clone, Default)]
    struct Sink {
        bytes: Arc<Mutex<Vec<u8>>>,
        broken: Arc<Mutex<bool>>,
    }

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if *self.broken.lock().unwrap() {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            self.bytes.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Sink {
        fn text(&self) -> String {
            String::from_utf8(self.bytes.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn streams_get_reloads_and_gone_pages_are_dropped() {
        let clients = Clients::default();
        let (a, b) = (Sink::default(), Sink::default());
        clients.add(Box::new(a.clone()), || false);
        clients.add(Box::new(b.clone()), || false);
        assert!(a.text().starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(a.text().contains("text/event-stream"));
        assert!(!a.text().contains("event: reload"));

        *b.broken.lock().unwrap() = true;
        clients.reload(7);
        assert!(a.text().ends_with("event: reload\ndata: 7\n\n"));
        assert_eq!(clients.len(), 1);
    }

    #[test]
    fn a_stale_page_reloads_at_once() {
        let clients = Clients::default();
        let sink = Sink::default();
        clients.add(Box::new(sink.clone()), || true);
        assert!(sink.text().ends_with("event: reload\ndata: stale\n\n"));
    }
}

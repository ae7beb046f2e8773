//! The live-reload streams: Server-Sent Events at `<base>__jaarverslag/events`.
//!
//! A stream is a response body that never ends by itself ([`EventStream`]), fed through a
//! small channel. The list of open streams keeps the sending ends; a rebuild puts one
//! `reload` event into each. When a page goes away, its connection closes, the body and
//! its receiving end are dropped, and the next event finds the channel closed: that
//! stream is dropped from the list.

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard};
use std::task::{Context, Poll};
use tokio::sync::mpsc::{self, Receiver, Sender};

/// The path of the stream under the site's base path (and at the server's root).
pub const EVENTS_PATH: &str = "__jaarverslag/events";

/// Browsers reconnect this soon (ms) after the stream breaks, e.g. a restarted server.
const RETRY_MS: u32 = 500;

/// Events waiting for one page. A page reads each at once; one that has this many unread
/// does not read its stream at all, and its stream is ended (a browser then reconnects
/// and, being out of date, reloads).
const QUEUE: usize = 16;

/// The open streams.
#[derive(Default)]
pub struct Clients {
    streams: Mutex<Vec<Sender<Bytes>>>,
}

impl Clients {
    /// Starts a stream. `is_stale` tells, under the list's lock, whether the page asking
    /// is already older than the current build; such a page is told to reload at once.
    /// Deciding under the lock means a rebuild either happens before (and `is_stale` sees
    /// it) or reaches this stream: a page never misses a reload between its loading and
    /// its stream's start.
    pub fn open(&self, is_stale: impl FnOnce() -> bool) -> EventStream {
        let mut streams = self.lock();
        let (sender, receiver) = mpsc::channel(QUEUE);
        // A new channel has room for both.
        let _ = sender.try_send(Bytes::from(format!("retry: {RETRY_MS}\n\n")));
        if is_stale() {
            let _ = sender.try_send(Bytes::from_static(b"event: reload\ndata: stale\n\n"));
        }
        streams.push(sender);
        EventStream { receiver }
    }

    /// Tells every open page to reload.
    pub fn reload(&self, generation: u64) {
        self.broadcast(format!("event: reload\ndata: {generation}\n\n"));
    }

    /// A comment line, which pages ignore: writing to a stream whose page has gone shows
    /// that it has gone, so such streams do not pile up between rebuilds.
    pub fn ping(&self) {
        self.broadcast(": ping\n\n".to_string());
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }

    fn broadcast(&self, message: String) {
        let message = Bytes::from(message);
        self.lock()
            .retain(|stream| stream.try_send(message.clone()).is_ok());
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Sender<Bytes>>> {
        // A list of channels stays usable after a panic elsewhere.
        self.streams.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The body of one live-reload response: each event as it comes, until the server stops
/// or the stream is dropped from the list.
pub struct EventStream {
    receiver: Receiver<Bytes>,
}

impl Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.receiver
            .poll_recv(cx)
            .map(|event| event.map(|bytes| Ok(Frame::data(bytes))))
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a stream has received so far.
    fn received(stream: &mut EventStream) -> String {
        let mut text = String::new();
        while let Ok(bytes) = stream.receiver.try_recv() {
            text.push_str(std::str::from_utf8(&bytes).unwrap());
        }
        text
    }

    #[test]
    fn streams_get_reloads_and_gone_pages_are_dropped() {
        let clients = Clients::default();
        let mut a = clients.open(|| false);
        let b = clients.open(|| false);
        assert_eq!(received(&mut a), "retry: 500\n\n");

        drop(b);
        clients.reload(7);
        assert_eq!(received(&mut a), "event: reload\ndata: 7\n\n");
        assert_eq!(clients.len(), 1);
    }

    #[test]
    fn a_stale_page_reloads_at_once() {
        let clients = Clients::default();
        let mut stream = clients.open(|| true);
        assert!(received(&mut stream).ends_with("event: reload\ndata: stale\n\n"));
    }

    #[test]
    fn a_page_that_does_not_read_is_let_go() {
        let clients = Clients::default();
        let _unread = clients.open(|| false);
        for _ in 0..QUEUE {
            clients.ping();
        }
        assert_eq!(clients.len(), 0);
    }
}

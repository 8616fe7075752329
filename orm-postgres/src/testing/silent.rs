//! [`SilentServer`]: a TCP listener that accepts connections and never
//! answers, like a server that hangs or a firewall that swallows packets
//! after the handshake.

use std::io::ErrorKind;
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// Accepts TCP connections on a loopback port and never reads or writes a
/// byte; the connections stay open until it is dropped.
///
/// ```no_run
/// use std::time::Duration;
/// use orm_postgres::{Db, testing::SilentServer};
///
/// # async fn demo() -> std::io::Result<()> {
/// let silent = SilentServer::start()?;
/// let err = Db::builder(&silent.url())
///     .connect_timeout(Some(Duration::from_millis(200)))
///     .connect()
///     .await
///     .unwrap_err();
/// assert!(err.is_connection() && err.is_connect_timeout());
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct SilentServer {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SilentServer {
    /// Starts listening on a free port of 127.0.0.1.
    ///
    /// # Errors
    /// No port could be bound.
    pub fn start() -> std::io::Result<SilentServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("orm-silent-server".into())
            .spawn(move || {
                let mut held: Vec<TcpStream> = Vec::new();
                while !flag.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => held.push(stream),
                        Err(e) if e.kind() == ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })?;
        Ok(SilentServer {
            port,
            stop,
            thread: Some(thread),
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A database URL pointing at it.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for SilentServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

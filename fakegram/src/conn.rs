//! Connections: the accept loop, decryption with the key the client names,
//! the key exchange's plain messages (see `handshake`), the session's service
//! messages, faults, and pushing what one connection changed to the others.
//! Framing is in `transports`. Anything a client sends that does not decode
//! closes that connection and nothing else; nothing here panics on a
//! client's bytes.

use std::sync::Arc;
use std::time::Duration;

use std::sync::atomic::{AtomicU64, Ordering};

use grammers_tl_types::{self as tl, enums, types, Identifiable, Serializable};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::crypto::{self, DecryptError};
use crate::faults::Action;
use crate::handshake::Handshake;
use crate::keys::Known;
use crate::transports::Transport;
use crate::wire::{self, Msg, Outbox};
use crate::{fanout, rpc, Shared};

/// Connection ids, so a connection skips its own fanned-out changes.
static NEXT_CONN: AtomicU64 = AtomicU64::new(1);

/// One outgoing message: body, content-related, answer to a client message.
pub(crate) type Out = (Vec<u8>, bool, bool);

/// Sent from delayed answers back to their connection.
enum Deferred {
    Send(Out),
}

pub(crate) async fn accept_loop(listener: TcpListener, sh: Arc<Shared>) {
    let mut stop = sh.stop.subscribe();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, from)) => {
                    if sh.faults.refusing() {
                        tracing::debug!(%from, "refusing connection (fault)");
                        drop(stream);
                        continue;
                    }
                    tracing::debug!(%from, "connection accepted");
                    tokio::spawn(Conn::new(sh.clone()).run(stream));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
        }
    }
}

struct Conn {
    sh: Arc<Shared>,
    id: u64,
    /// Known once the first bytes name it.
    transport: Option<Transport>,
    /// The first bytes, until they name a transport.
    first: Vec<u8>,
    /// The key the client's last encrypted message named.
    key: Option<Known>,
    handshake: Handshake,
    outbox: Outbox,
    /// The client's session id, once a message was accepted in it.
    session: Option<i64>,
    /// The last session id seen (a new one gets `new_session_created`).
    seen_session: Option<i64>,
    disconnect_at: Option<Instant>,
    deferred_tx: mpsc::UnboundedSender<Deferred>,
    deferred_rx: mpsc::UnboundedReceiver<Deferred>,
    /// Unencrypted answers (key exchange) waiting to be written.
    plain_out: Vec<Vec<u8>>,
}

/// Why a connection ends.
enum End {
    Close(&'static str),
    /// Send this transport error code (e.g. 404 for an unknown key), then close.
    Status(i32),
}

impl Conn {
    fn new(sh: Arc<Shared>) -> Self {
        let (deferred_tx, deferred_rx) = mpsc::unbounded_channel();
        Conn {
            sh,
            id: NEXT_CONN.fetch_add(1, Ordering::Relaxed),
            transport: None,
            first: Vec::new(),
            key: None,
            handshake: Handshake::default(),
            outbox: Outbox::new(),
            session: None,
            seen_session: None,
            disconnect_at: None,
            deferred_tx,
            deferred_rx,
            plain_out: Vec::new(),
        }
    }

    async fn run(mut self, mut stream: TcpStream) {
        let mut stop = self.sh.stop.subscribe();
        let mut kill = self.sh.faults.kill_signal();
        let mut updates = self.sh.updates.subscribe();
        let mut fanout = self.sh.fanout.subscribe();
        let mut chunk = vec![0u8; 64 * 1024];
        let why = loop {
            let deadline = self.disconnect_at;
            let out: Vec<Out> = tokio::select! {
                _ = stop.changed() => break "server stopped",
                _ = kill.changed() => break "dropped by fault",
                _ = sleep_until(deadline), if deadline.is_some() => break "ping_delay_disconnect expired",
                Some(Deferred::Send(o)) = self.deferred_rx.recv() => {
                    if self.sh.faults.all_silent() { continue; }
                    vec![o]
                }
                u = updates.recv() => match u {
                    Ok(body) if self.session.is_some() && !self.sh.faults.all_silent() => {
                        vec![(body.to_vec(), true, false)]
                    }
                    // Pushes this connection could not take in time: tell the
                    // client, as Telegram does, so it asks for the difference
                    // now instead of waiting out a gap.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_))
                        if self.session.is_some() && !self.sh.faults.all_silent() =>
                    {
                        vec![(enums::Updates::TooLong.to_bytes(), true, false)]
                    }
                    _ => continue,
                },
                // What another connection of the account changed (as
                // Telegram pushes a message sent from one app to the others).
                u = fanout.recv() => match u {
                    Ok((from, body)) if from != self.id && self.signed_in() && !self.sh.faults.all_silent() => {
                        vec![(body.to_vec(), true, false)]
                    }
                    _ => continue,
                },
                n = stream.read(&mut chunk) => match n {
                    Ok(0) | Err(_) => break "closed by client",
                    Ok(n) => {
                        match self.on_bytes(&chunk[..n]) {
                            Ok(out) => out,
                            Err(End::Close(why)) => break why,
                            Err(End::Status(code)) => {
                                if let Some(t) = &mut self.transport {
                                    let _ = stream.write_all(&t.error(code)).await;
                                }
                                break "unknown auth key";
                            }
                        }
                    }
                },
            };
            if !self.plain_out.is_empty() {
                if let Err(e) = self.send_plain(&mut stream).await {
                    tracing::debug!(error = %e, "write failed");
                    break "write failed";
                }
            }
            if out.is_empty() {
                continue;
            }
            if let Err(e) = self.send(&mut stream, out).await {
                tracing::debug!(error = %e, "write failed");
                break "write failed";
            }
        };
        tracing::debug!(why, "connection closed");
        let _ = stream.shutdown().await;
    }

    async fn send(&mut self, stream: &mut TcpStream, out: Vec<Out>) -> std::io::Result<()> {
        let Some(session_id) = self.session.or(self.seen_session) else {
            return Ok(());
        };
        let (Some(key), Some(transport)) = (&self.key, &mut self.transport) else {
            return Ok(());
        };
        let mut plain = Vec::with_capacity(64);
        self.sh.salt.serialize(&mut plain);
        session_id.serialize(&mut plain);
        plain.extend_from_slice(&self.outbox.pack(out));
        let packet = crypto::encrypt_server(&key.key, &plain);
        stream.write_all(&transport.pack(&packet)).await
    }

    /// Writes the unencrypted answers waiting in `plain_out`.
    async fn send_plain(&mut self, stream: &mut TcpStream) -> std::io::Result<()> {
        let Some(transport) = &mut self.transport else {
            return Ok(());
        };
        for packet in std::mem::take(&mut self.plain_out) {
            stream.write_all(&transport.pack(&packet)).await?;
        }
        Ok(())
    }

    /// Whether the connection's key may use the account (fanned-out changes
    /// go only to those).
    fn signed_in(&self) -> bool {
        match &self.key {
            Some(k) if k.exchanged => self.sh.keys.signed_in(&k.key.id),
            Some(_) => self.sh.login().signed_in,
            None => false,
        }
    }

    /// A plain message: a step of the key exchange. A finished exchange
    /// registers the new key, signed out; the client's next encrypted
    /// message names it.
    fn on_plain(&mut self, packet: &[u8]) -> Result<(), End> {
        let (answer, key) = self.handshake.on_plain(packet).map_err(|e| {
            tracing::debug!(error = %e, "key exchange refused");
            End::Close("key exchange refused")
        })?;
        self.plain_out.push(answer);
        if let Some(new) = key {
            tracing::info!(key_id = u64::from_le_bytes(new.key.id), "auth key created");
            self.sh.keys.add(new.key);
        }
        Ok(())
    }

    /// Reads bytes from the socket: the transport from the first ones, then
    /// every complete frame.
    fn on_bytes(&mut self, bytes: &[u8]) -> Result<Vec<Out>, End> {
        match &mut self.transport {
            Some(t) => t.feed(bytes),
            None => {
                self.first.extend_from_slice(bytes);
                match Transport::detect(&mut self.first) {
                    Ok(Some(t)) => {
                        tracing::debug!(kind = ?t.kind, obfuscated = t.obfuscated(), "transport");
                        self.transport = Some(t);
                    }
                    Ok(None) => return Ok(Vec::new()),
                    Err(e) => {
                        tracing::debug!(error = %e, "unknown transport");
                        return Err(End::Close("unknown transport"));
                    }
                }
            }
        }
        let mut out = Vec::new();
        loop {
            let frame = match self.transport.as_mut().map(Transport::next_frame) {
                Some(Ok(Some(frame))) => frame,
                Some(Ok(None)) | None => return Ok(out),
                Some(Err(e)) => {
                    tracing::debug!(error = %e, "bad transport frame");
                    return Err(End::Close("bad transport frame"));
                }
            };
            out.extend(self.on_packet(&frame)?);
        }
    }

    fn on_packet(&mut self, packet: &[u8]) -> Result<Vec<Out>, End> {
        let id = packet.get(..8).ok_or(End::Close("short packet"))?;
        if id == [0; 8] {
            self.on_plain(packet)?;
            return Ok(Vec::new());
        }
        // An unknown key gets transport error 404, as at Telegram: the
        // client then makes a new key by key exchange.
        let key = match &self.key {
            Some(k) if k.key.id == id => k.clone(),
            _ => match self.sh.keys.get(id) {
                Some(k) => k,
                None => {
                    let mut raw = [0u8; 8];
                    raw.copy_from_slice(id);
                    tracing::info!(key_id = u64::from_le_bytes(raw), "unknown auth key");
                    return Err(End::Status(404));
                }
            },
        };
        let plain = match crypto::decrypt_client(&key.key, packet) {
            Ok(p) => p,
            Err(DecryptError::UnknownKey(id)) => {
                tracing::info!(key_id = id, "unknown auth key");
                return Err(End::Status(404));
            }
            Err(_) => return Err(End::Close("undecryptable message")),
        };
        if self.key.as_ref().map(|k| k.key.id) != Some(key.key.id) {
            // A new key on this connection (after a key exchange): a new
            // session as far as the server is concerned.
            self.seen_session = None;
            self.session = None;
            self.key = Some(key);
        }
        let env = wire::parse_envelope(&plain).ok_or(End::Close("malformed message"))?;
        if self.seen_session != Some(env.session_id) {
            self.seen_session = Some(env.session_id);
            self.session = None;
        }
        let silent = self.sh.faults.all_silent();
        let mut out = Vec::new();
        if env.salt != self.sh.salt {
            let bad = types::BadServerSalt {
                bad_msg_id: env.msg.msg_id,
                bad_msg_seqno: env.msg.seq_no,
                error_code: 48,
                new_server_salt: self.sh.salt,
            };
            if !silent {
                out.push((enums::BadMsgNotification::from(bad).to_bytes(), false, true));
            }
            return Ok(out);
        }
        if let Some(code) = bad_msg_id(env.msg.msg_id) {
            let bad = types::BadMsgNotification {
                bad_msg_id: env.msg.msg_id,
                bad_msg_seqno: env.msg.seq_no,
                error_code: code,
            };
            if !silent {
                out.push((enums::BadMsgNotification::from(bad).to_bytes(), false, true));
            }
            return Ok(out);
        }
        if self.session.is_none() {
            self.session = Some(env.session_id);
            let created = types::NewSessionCreated {
                first_msg_id: env.msg.msg_id,
                unique_id: rand::random(),
                server_salt: self.sh.salt,
            };
            if !silent {
                out.push((enums::NewSession::from(created).to_bytes(), true, false));
            }
        }
        self.on_msg(env.msg, 0, &mut out)?;
        if silent {
            out.clear();
        }
        Ok(out)
    }

    /// `depth`: 0 for the message itself, 1 inside a container, +1 inside gzip.
    fn on_msg(&mut self, m: Msg, depth: u8, out: &mut Vec<Out>) -> Result<(), End> {
        if depth > 2 {
            return Err(End::Close("nested too deep"));
        }
        match m.constructor() {
            wire::MSG_CONTAINER if depth == 0 => {
                for inner in wire::parse_container(&m.body).ok_or(End::Close("bad container"))? {
                    self.on_msg(inner, 1, out)?;
                }
            }
            wire::GZIP_PACKED => {
                let body = wire::gunzip(&m.body).ok_or(End::Close("bad gzip"))?;
                self.on_msg(Msg { body, ..m }, depth + 1, out)?;
            }
            types::MsgsAck::CONSTRUCTOR_ID
            | types::MsgsStateReq::CONSTRUCTOR_ID
            | types::MsgResendReq::CONSTRUCTOR_ID => {}
            tl::functions::Ping::CONSTRUCTOR_ID => {
                let ping = rpc::decode::<tl::functions::Ping>(&m.body)
                    .map_err(|_| End::Close("bad ping"))?;
                let pong = types::Pong {
                    msg_id: m.msg_id,
                    ping_id: ping.ping_id,
                };
                out.push((enums::Pong::from(pong).to_bytes(), true, true));
            }
            tl::functions::PingDelayDisconnect::CONSTRUCTOR_ID => {
                let ping = rpc::decode::<tl::functions::PingDelayDisconnect>(&m.body)
                    .map_err(|_| End::Close("bad ping"))?;
                let secs = ping.disconnect_delay.clamp(0, 3600) as u64;
                self.disconnect_at = Some(Instant::now() + Duration::from_secs(secs));
                let pong = types::Pong {
                    msg_id: m.msg_id,
                    ping_id: ping.ping_id,
                };
                out.push((enums::Pong::from(pong).to_bytes(), true, true));
            }
            tl::functions::GetFutureSalts::CONSTRUCTOR_ID => {
                let req = rpc::decode::<tl::functions::GetFutureSalts>(&m.body)
                    .map_err(|_| End::Close("bad get_future_salts"))?;
                out.push((self.future_salts(m.msg_id, req.num), true, true));
            }
            tl::functions::DestroySession::CONSTRUCTOR_ID => {
                let req = rpc::decode::<tl::functions::DestroySession>(&m.body)
                    .map_err(|_| End::Close("bad destroy_session"))?;
                let res = types::DestroySessionNone {
                    session_id: req.session_id,
                };
                let body = enums::DestroySessionRes::from(res).to_bytes();
                out.push((wire::rpc_result(m.msg_id, &body), true, true));
            }
            tl::functions::RpcDropAnswer::CONSTRUCTOR_ID => {
                let body = enums::RpcDropAnswer::RpcAnswerUnknown.to_bytes();
                out.push((wire::rpc_result(m.msg_id, &body), true, true));
            }
            _ => self.on_call(m, out)?,
        }
        Ok(())
    }

    /// Salts valid an hour each from a minute ago, all the server's one salt.
    fn future_salts(&self, req_msg_id: i64, num: i32) -> Vec<u8> {
        let now = wire::now_secs() as i32;
        let salts = (0..num.clamp(2, 64))
            .map(|i| types::FutureSalt {
                valid_since: now - 60 + i * 3600,
                valid_until: now - 60 + (i + 1) * 3600,
                salt: self.sh.salt,
            })
            .collect();
        let salts = types::FutureSalts {
            req_msg_id,
            now,
            salts: tl::RawVec(salts),
        };
        enums::FutureSalts::from(salts).to_bytes()
    }

    /// An API call: unwrap, count, apply faults, run, answer.
    fn on_call(&mut self, m: Msg, out: &mut Vec<Out>) -> Result<(), End> {
        let call = rpc::unwrap(&m.body);
        if let Some(info) = call.client {
            self.sh.faults.count("initConnection");
            tracing::debug!(?info, "initConnection");
            self.sh
                .clients
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(info);
        }
        let name = rpc::method_name(call.body);
        self.sh.faults.count(&name);
        let fault = self.sh.faults.take(&name);
        tracing::debug!(method = %name, ?fault, "call");
        let answer = |reply: rpc::Reply| -> Out {
            let body = match reply {
                Ok(body) => wire::maybe_gzip(body),
                Err(e) => {
                    if e.message == rpc::NOT_IMPLEMENTED {
                        let id = wire::constructor(call.body);
                        tracing::warn!(method = %name, constructor = format_args!("{id:08x}"), "method not implemented");
                    }
                    e.to_bytes()
                }
            };
            (wire::rpc_result(m.msg_id, &body), true, true)
        };
        match fault {
            None => out.push(answer(self.dispatch(call.body))),
            Some(Action::Error { code, message }) => {
                out.push(answer(Err(rpc::RpcErr { code, message })));
            }
            Some(Action::Silence) => {}
            Some(Action::Delay(by)) => {
                let o = answer(self.dispatch(call.body));
                let tx = self.deferred_tx.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(by).await;
                    let _ = tx.send(Deferred::Send(o));
                });
            }
            Some(Action::CloseMidCall) => {
                let _ = self.dispatch(call.body);
                return Err(End::Close("closed mid-call by fault"));
            }
        }
        Ok(())
    }
}

impl Conn {
    /// Runs an API call as the connection's key may: a key made by key
    /// exchange gets only the sign-in methods (else `AUTH_KEY_UNREGISTERED`,
    /// as at Telegram) until a sign-in on it succeeds. What the call changed
    /// goes to the account's other connections.
    fn dispatch(&self, body: &[u8]) -> rpc::Reply {
        let id = wire::constructor(body);
        let exchanged = self.key.as_ref().filter(|k| k.exchanged).map(|k| k.key.id);
        if let Some(key_id) = exchanged {
            if !self.sh.keys.signed_in(&key_id) && !rpc::SIGNED_OUT_METHODS.contains(&id) {
                return Err(rpc::RpcErr::new(401, "AUTH_KEY_UNREGISTERED"));
            }
        }
        let reply = rpc::dispatch(&self.sh, body);
        if let Ok(result) = &reply {
            if let Some(key_id) = exchanged.filter(|_| fanout::signs_in(id, result)) {
                self.sh.keys.sign_in(&key_id);
            }
            if let Some(push) = fanout::changes(&self.sh, body, result) {
                let _ = self.sh.fanout.send((self.id, Arc::new(push)));
            }
        }
        reply
    }
}

/// Telegram's checks on a client msg_id: 18 = not divisible by 4, 16 = more
/// than 300 s old, 17 = more than 30 s in the future.
fn bad_msg_id(msg_id: i64) -> Option<i32> {
    let secs = msg_id >> 32;
    let now = wire::now_secs();
    if msg_id % 4 != 0 {
        Some(18)
    } else if secs < now - 300 {
        Some(16)
    } else if secs > now + 30 {
        Some(17)
    } else {
        None
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

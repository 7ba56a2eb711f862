//! Chat folders (Telegram's dialog filters) of [`crate::telegram::ChatFeaturesExt`]:
//! listed with their chats, created, changed and deleted through
//! `messages.updateDialogFilter`.

use grammers_client::tl::{self, enums};

use super::GrammersBackend;
use crate::telegram::chat_features_ext::{Folder, FolderEdit};
use crate::telegram::peer::{channel_to_bot_api, group_to_bot_api};
use crate::telegram::{untrusted, Chat, TelegramError};

/// Folder ids Telegram hands out (0 is "All chats", 1 the archive).
const FIRST_ID: i32 = 2;
const LAST_ID: i32 = 255;
/// Longest folder title Telegram keeps.
const MAX_TITLE: usize = 12;

/// The Bot-API id behind an input peer; `me` for the account itself.
fn input_peer_id(p: &enums::InputPeer, me: i64) -> Option<i64> {
    match p {
        enums::InputPeer::PeerSelf => Some(me),
        enums::InputPeer::User(u) => Some(u.user_id),
        enums::InputPeer::UserFromMessage(u) => Some(u.user_id),
        enums::InputPeer::Chat(c) => Some(group_to_bot_api(c.chat_id)),
        enums::InputPeer::Channel(c) => Some(channel_to_bot_api(c.channel_id)),
        enums::InputPeer::ChannelFromMessage(c) => Some(channel_to_bot_api(c.channel_id)),
        enums::InputPeer::Empty => None,
    }
}

fn title_of(t: &enums::TextWithEntities) -> String {
    let enums::TextWithEntities::Entities(t) = t;
    untrusted::name(&t.text)
}

fn check_title(title: &str) -> Result<(), TelegramError> {
    let n = title.trim().chars().count();
    if n == 0 || n > MAX_TITLE {
        return Err(TelegramError::InvalidArgs(format!(
            "a folder title has 1 to {MAX_TITLE} characters, not {n}"
        )));
    }
    Ok(())
}

impl GrammersBackend {
    /// The account's folders as Telegram keeps them (the "All chats" entry left out).
    async fn raw_folders(&self) -> Result<Vec<tl::types::DialogFilter>, TelegramError> {
        self.link.check_fatal()?;
        let client = self.link.client();
        let r = self
            .link
            .run(client.invoke(&tl::functions::messages::GetDialogFilters {}))
            .await?;
        let enums::messages::DialogFilters::Filters(f) = r;
        Ok(f.filters
            .into_iter()
            .filter_map(|f| match f {
                enums::DialogFilter::Filter(f) => Some(f),
                // Shared chat lists are joined by link, not edited as folders.
                _ => None,
            })
            .collect())
    }

    async fn chats_of(&self, peers: &[enums::InputPeer], me: i64) -> Vec<Chat> {
        let mut out = Vec::new();
        for p in peers {
            let Some(id) = input_peer_id(p, me) else {
                continue;
            };
            // A chat the account can no longer see is left out, not an error.
            if let Ok(k) = self.resolve(&id.to_string()).await {
                out.push(k.chat);
            }
        }
        out
    }

    async fn folder_of(&self, f: &tl::types::DialogFilter) -> Result<Folder, TelegramError> {
        let me = self.me().await?.0.id;
        Ok(Folder {
            id: f.id.max(0) as u32,
            title: title_of(&f.title),
            emoticon: f.emoticon.clone(),
            pinned: self.chats_of(&f.pinned_peers, me).await,
            included: self.chats_of(&f.include_peers, me).await,
            excluded: self.chats_of(&f.exclude_peers, me).await,
            contacts: f.contacts,
            non_contacts: f.non_contacts,
            groups: f.groups,
            channels: f.broadcasts,
            bots: f.bots,
            exclude_muted: f.exclude_muted,
            exclude_read: f.exclude_read,
            exclude_archived: f.exclude_archived,
        })
    }

    pub(super) async fn folders(&self) -> Result<Vec<Folder>, TelegramError> {
        let mut out = Vec::new();
        for f in self.raw_folders().await? {
            out.push(self.folder_of(&f).await?);
        }
        Ok(out)
    }

    /// Applies `edit` to `f` (chats resolved first: a wrong one changes nothing).
    async fn apply(
        &self,
        f: &mut tl::types::DialogFilter,
        edit: &FolderEdit,
    ) -> Result<(), TelegramError> {
        let me = self.me().await?.0.id;
        if let Some(t) = &edit.title {
            check_title(t)?;
            f.title = tl::types::TextWithEntities {
                text: t.trim().to_string(),
                entities: Vec::new(),
            }
            .into();
        }
        if let Some(e) = &edit.emoticon {
            f.emoticon = (!e.is_empty()).then(|| e.clone());
        }
        let mut add = Vec::new();
        for c in &edit.add {
            add.push(self.resolve(c).await?);
        }
        let mut remove = Vec::new();
        for c in &edit.remove {
            remove.push(self.resolve(c).await?.chat.id);
        }
        let gone =
            |p: &enums::InputPeer| input_peer_id(p, me).is_some_and(|id| remove.contains(&id));
        f.include_peers.retain(|p| !gone(p));
        f.pinned_peers.retain(|p| !gone(p));
        for k in add {
            let has = |list: &[enums::InputPeer]| {
                list.iter().any(|p| input_peer_id(p, me) == Some(k.chat.id))
            };
            if !has(&f.include_peers) && !has(&f.pinned_peers) {
                f.include_peers.push(k.peer.into());
            }
            // Including a chat takes it off the excluded list.
            f.exclude_peers
                .retain(|p| input_peer_id(p, me) != Some(k.chat.id));
        }
        let set = |v: &mut bool, o: Option<bool>| {
            if let Some(o) = o {
                *v = o;
            }
        };
        set(&mut f.contacts, edit.contacts);
        set(&mut f.non_contacts, edit.non_contacts);
        set(&mut f.groups, edit.groups);
        set(&mut f.broadcasts, edit.channels);
        set(&mut f.bots, edit.bots);
        set(&mut f.exclude_muted, edit.exclude_muted);
        set(&mut f.exclude_read, edit.exclude_read);
        set(&mut f.exclude_archived, edit.exclude_archived);
        let kinds = f.contacts || f.non_contacts || f.groups || f.broadcasts || f.bots;
        if !kinds && f.include_peers.is_empty() && f.pinned_peers.is_empty() {
            return Err(TelegramError::InvalidArgs(
                "a folder needs at least one chat or kind of chat (contacts, groups, ...)".into(),
            ));
        }
        Ok(())
    }

    async fn put_folder(&self, f: tl::types::DialogFilter) -> Result<Folder, TelegramError> {
        let req = tl::functions::messages::UpdateDialogFilter {
            id: f.id,
            filter: Some(f.clone().into()),
        };
        let client = self.link.client();
        self.link.run(client.invoke(&req)).await?;
        self.folder_of(&f).await
    }

    pub(super) async fn new_folder(&self, edit: &FolderEdit) -> Result<Folder, TelegramError> {
        let Some(title) = &edit.title else {
            return Err(TelegramError::InvalidArgs(
                "a new folder needs a title".into(),
            ));
        };
        check_title(title)?;
        let existing = self.raw_folders().await?;
        let id = (FIRST_ID..=LAST_ID)
            .find(|id| existing.iter().all(|f| f.id != *id))
            .ok_or_else(|| TelegramError::InvalidArgs("every folder id is in use".into()))?;
        let mut f = tl::types::DialogFilter {
            contacts: false,
            non_contacts: false,
            groups: false,
            broadcasts: false,
            bots: false,
            exclude_muted: false,
            exclude_read: false,
            exclude_archived: false,
            title_noanimate: false,
            id,
            title: tl::types::TextWithEntities {
                text: String::new(),
                entities: Vec::new(),
            }
            .into(),
            emoticon: None,
            color: None,
            pinned_peers: Vec::new(),
            include_peers: Vec::new(),
            exclude_peers: Vec::new(),
        };
        self.apply(&mut f, edit).await?;
        self.put_folder(f).await
    }

    async fn existing_folder(&self, id: u32) -> Result<tl::types::DialogFilter, TelegramError> {
        self.raw_folders()
            .await?
            .into_iter()
            .find(|f| f.id == id as i32)
            .ok_or_else(|| {
                TelegramError::NotFound(format!(
                    "folder {id} not found: list_folders shows the ids"
                ))
            })
    }

    pub(super) async fn change_folder(
        &self,
        id: u32,
        edit: &FolderEdit,
    ) -> Result<Folder, TelegramError> {
        let mut f = self.existing_folder(id).await?;
        self.apply(&mut f, edit).await?;
        self.put_folder(f).await
    }

    pub(super) async fn remove_folder(&self, id: u32) -> Result<(), TelegramError> {
        let f = self.existing_folder(id).await?;
        let req = tl::functions::messages::UpdateDialogFilter {
            id: f.id,
            filter: None,
        };
        let client = self.link.client();
        self.link.run(client.invoke(&req)).await.map(drop)
    }
}

//! [`StoriesExt`] on grammers: `stories.getPeerStories` /
//! `getAllStories`, `getStoryViewsList`, `sendStory`, `deleteStories` and
//! `sendReaction`.

use async_trait::async_trait;
use grammers_client::tl::{self, enums};

use super::compose::random_id;
use super::convert::{peer_id, Names};
use super::media::media_of;
use super::reactions_polls_keyboards::reaction_text;
use super::transfer::{uploaded_document, uploaded_photo, video_attribute};
use super::write_ext::posted;
use super::GrammersBackend;
use crate::telegram::media::{is_photo_mime, sniff_mime, Upload};
use crate::telegram::stories_ext::{
    StoriesExt, Story, StoryPrivacy, StoryViewer, StoryViews, MAX_STORY_IDS,
};
use crate::telegram::{untrusted, TelegramError};

/// A story as the record tools see; `None` for deleted or skipped ones.
fn story_of(item: &enums::StoryItem, owner: i64, names: &Names, me: i64) -> Option<Story> {
    let enums::StoryItem::Item(s) = item else {
        return None;
    };
    let views = s.views.as_ref().map(|v| {
        let enums::StoryViews::Views(v) = v;
        v.views_count.max(0) as u32
    });
    Some(Story {
        id: s.id,
        peer_id: owner,
        peer_name: names.name(owner).unwrap_or_default(),
        date: i64::from(s.date),
        expire_date: i64::from(s.expire_date),
        caption: s
            .caption
            .as_deref()
            .map(untrusted::text)
            .unwrap_or_default(),
        media: media_of(&s.media),
        mine: s.out || owner == me,
        pinned: s.pinned,
        views,
        my_reaction: s.sent_reaction.as_ref().and_then(reaction_text),
    })
}

fn stories_in(p: &enums::PeerStories, names: &Names, me: i64, out: &mut Vec<Story>) {
    let enums::PeerStories::Stories(p) = p;
    let owner = peer_id(&p.peer);
    out.extend(
        p.stories
            .iter()
            .filter_map(|s| story_of(s, owner, names, me)),
    );
}

/// The story Telegram reports in a `sendStory` answer.
fn posted_story(u: &enums::Updates) -> Option<(&enums::Peer, &enums::StoryItem)> {
    let list = match u {
        enums::Updates::Updates(x) => x.updates.as_slice(),
        enums::Updates::Combined(x) => x.updates.as_slice(),
        _ => &[],
    };
    list.iter().find_map(|u| match u {
        enums::Update::Story(s) => Some((&s.peer, &s.story)),
        _ => None,
    })
}

impl GrammersBackend {
    async fn stories(&self, chat: Option<&str>, limit: u32) -> Result<Vec<Story>, TelegramError> {
        self.link.check_fatal()?;
        let me = self.me().await?.0.id;
        let client = self.link.client();
        let mut out = Vec::new();
        match chat {
            Some(p) => {
                let k = self.resolve(p).await?;
                let req = tl::functions::stories::GetPeerStories {
                    peer: k.peer.into(),
                };
                let r = Self::or_not_found(p, self.link.run(client.invoke(&req)).await)?;
                let enums::stories::PeerStories::Stories(r) = r;
                let (names, _) = self.absorb(&r.users, &r.chats).await?;
                stories_in(&r.stories, &names, me, &mut out);
            }
            None => {
                let req = tl::functions::stories::GetAllStories {
                    next: false,
                    hidden: false,
                    state: None,
                };
                let r = self.link.run(client.invoke(&req)).await?;
                if let enums::stories::AllStories::Stories(r) = r {
                    let (names, _) = self.absorb(&r.users, &r.chats).await?;
                    for p in &r.peer_stories {
                        stories_in(p, &names, me, &mut out);
                    }
                }
            }
        }
        out.truncate(limit.clamp(1, 100) as usize);
        Ok(out)
    }

    async fn views(&self, id: i32, limit: u32) -> Result<StoryViews, TelegramError> {
        self.link.check_fatal()?;
        let req = tl::functions::stories::GetStoryViewsList {
            just_contacts: false,
            reactions_first: false,
            forwards_first: false,
            peer: enums::InputPeer::PeerSelf,
            q: None,
            id,
            offset: String::new(),
            limit: limit.clamp(1, 100) as i32,
        };
        let client = self.link.client();
        let r = match self.link.run(client.invoke(&req)).await {
            Err(TelegramError::Rpc { name, .. }) if name == "STORY_ID_INVALID" => {
                return Err(TelegramError::NotFound(format!(
                    "story {id} is not one of the account's: list_stories with chat \"me\" shows them"
                )))
            }
            r => r?,
        };
        let enums::stories::StoryViewsList::List(r) = r;
        let (names, _) = self.absorb(&r.users, &r.chats).await?;
        let viewers = r
            .views
            .iter()
            .filter_map(|v| match v {
                enums::StoryView::View(v) => Some(StoryViewer {
                    user_id: v.user_id,
                    name: names.name(v.user_id).unwrap_or_default(),
                    date: i64::from(v.date),
                    reaction: v.reaction.as_ref().and_then(reaction_text),
                }),
                _ => None,
            })
            .collect();
        Ok(StoryViews {
            views: r.views_count.max(0) as u32,
            reactions: r.reactions_count.max(0) as u32,
            forwards: r.forwards_count.max(0) as u32,
            viewers,
        })
    }

    async fn post(
        &self,
        file: &Upload,
        caption: &str,
        privacy: StoryPrivacy,
        pinned: bool,
    ) -> Result<Story, TelegramError> {
        self.link.check_fatal()?;
        let mime = file
            .mime
            .clone()
            .filter(|m| !m.is_empty())
            .or_else(|| sniff_mime(&file.bytes).map(str::to_string))
            .unwrap_or_default();
        if file.bytes.is_empty() || !(is_photo_mime(&mime) || mime == "video/mp4") {
            return Err(TelegramError::InvalidArgs(format!(
                "a story is a photo (jpeg, png, webp) or an mp4 video, not {}",
                if mime.is_empty() { "this file" } else { &mime }
            )));
        }
        let up = self.upload(&file.bytes, "story").await?.raw;
        let media = if is_photo_mime(&mime) {
            uploaded_photo(up)
        } else {
            uploaded_document(up, mime, vec![video_attribute(false, 720, 1280)], false)
        };
        let rule: enums::InputPrivacyRule = match privacy {
            StoryPrivacy::Everyone => tl::types::InputPrivacyValueAllowAll {}.into(),
            StoryPrivacy::Contacts => tl::types::InputPrivacyValueAllowContacts {}.into(),
            StoryPrivacy::CloseFriends => tl::types::InputPrivacyValueAllowCloseFriends {}.into(),
        };
        let req = tl::functions::stories::SendStory {
            pinned,
            noforwards: false,
            fwd_modified: false,
            peer: enums::InputPeer::PeerSelf,
            media,
            media_areas: None,
            caption: (!caption.is_empty()).then(|| caption.to_string()),
            entities: None,
            privacy_rules: vec![rule],
            random_id: random_id(),
            period: None,
            fwd_from_id: None,
            fwd_from_story: None,
            albums: None,
            music: None,
        };
        let client = self.link.client();
        let u = posted("story", self.link.run(client.invoke(&req)).await)?;
        let me = self.me().await?.0;
        let mut names = Names::default();
        names.insert_user(me.id, &me);
        posted_story(&u)
            .and_then(|(p, s)| story_of(s, peer_id(p), &names, me.id))
            .ok_or_else(|| {
                TelegramError::Other("Telegram did not say which story it posted".into())
            })
    }

    async fn unpost(&self, ids: &[i32]) -> Result<Vec<i32>, TelegramError> {
        self.link.check_fatal()?;
        if ids.is_empty() || ids.len() > MAX_STORY_IDS {
            return Err(TelegramError::InvalidArgs(format!(
                "give 1 to {MAX_STORY_IDS} story ids"
            )));
        }
        let req = tl::functions::stories::DeleteStories {
            peer: enums::InputPeer::PeerSelf,
            id: ids.to_vec(),
        };
        let client = self.link.client();
        self.link.run(client.invoke(&req)).await
    }

    async fn react(&self, chat: &str, id: i32, emoji: &str) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let reaction: enums::Reaction = match emoji.trim() {
            "" => enums::Reaction::Empty,
            e => tl::types::ReactionEmoji {
                emoticon: e.to_string(),
            }
            .into(),
        };
        let req = tl::functions::stories::SendReaction {
            add_to_recent: true,
            peer: k.peer.into(),
            story_id: id,
            reaction,
        };
        let client = self.link.client();
        match self.link.run(client.invoke(&req)).await {
            Err(TelegramError::Rpc { name, .. }) if name == "STORY_ID_INVALID" => {
                Err(TelegramError::NotFound(format!(
                    "story {id} of \"{chat}\" not found (expired?): list_stories shows the active ones"
                )))
            }
            r => Self::or_not_found(chat, r).map(drop),
        }
    }
}

#[async_trait]
impl StoriesExt for GrammersBackend {
    async fn list_stories(
        &self,
        chat: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Story>, TelegramError> {
        self.stories(chat, limit).await
    }

    async fn story_views(&self, id: i32, limit: u32) -> Result<StoryViews, TelegramError> {
        self.views(id, limit).await
    }

    async fn post_story(
        &self,
        file: &Upload,
        caption: &str,
        privacy: StoryPrivacy,
        pinned: bool,
    ) -> Result<Story, TelegramError> {
        self.post(file, caption, privacy, pinned).await
    }

    async fn delete_stories(&self, ids: &[i32]) -> Result<Vec<i32>, TelegramError> {
        self.unpost(ids).await
    }

    async fn react_to_story(&self, chat: &str, id: i32, emoji: &str) -> Result<(), TelegramError> {
        self.react(chat, id, emoji).await
    }
}

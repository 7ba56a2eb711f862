//! Stories: the active stories of a peer or of everyone, who viewed the
//! account's own, posting (an uploaded photo or video), deleting and
//! reacting.

use grammers_tl_types::{enums, functions as f, types};

use super::media::media_of;
use super::posting::updates;
use super::{resolve, Ctx, RpcErr};
use crate::account::Peer;
use crate::convert;
use crate::social::Story;

/// How long a story stays up.
const DAY: i32 = 86_400;

fn reaction(e: &str) -> enums::Reaction {
    types::ReactionEmoji {
        emoticon: e.to_string(),
    }
    .into()
}

fn item(s: &Story, me: i64) -> enums::StoryItem {
    let mine = s.owner == Peer::User(me);
    types::StoryItem {
        pinned: s.pinned,
        public: true,
        close_friends: false,
        min: false,
        noforwards: false,
        edited: false,
        contacts: false,
        selected_contacts: false,
        out: mine,
        id: s.id,
        date: s.date,
        from_id: None,
        fwd_from: None,
        expire_date: s.expire_date,
        caption: (!s.caption.is_empty()).then(|| s.caption.clone()),
        entities: None,
        media: s.media.clone(),
        media_areas: None,
        privacy: None,
        views: mine.then(|| {
            types::StoryViews {
                has_viewers: !s.views.is_empty(),
                views_count: s.views.len() as i32,
                forwards_count: Some(0),
                reactions: None,
                reactions_count: Some(s.views.iter().filter(|v| v.2.is_some()).count() as i32),
                recent_viewers: Some(s.views.iter().map(|v| v.0).collect()),
            }
            .into()
        }),
        sent_reaction: s.my_reaction.as_deref().map(reaction),
        albums: None,
        music: None,
    }
    .into()
}

fn peer_stories(ctx: &Ctx, owner: Peer) -> enums::PeerStories {
    let me = ctx.acc.me.id;
    types::PeerStories {
        peer: convert::peer(owner),
        max_read_id: None,
        stories: ctx
            .acc
            .social
            .stories
            .iter()
            .filter(|s| s.owner == owner)
            .map(|s| item(s, me))
            .collect(),
    }
    .into()
}

pub(crate) fn get_peer_stories(
    ctx: &mut Ctx,
    req: f::stories::GetPeerStories,
) -> Result<enums::stories::PeerStories, RpcErr> {
    let owner = resolve::peer(ctx.acc, &req.peer)?;
    let (users, chats) = ctx.refs(&[], &[owner]);
    Ok(types::stories::PeerStories {
        stories: peer_stories(ctx, owner),
        chats,
        users,
    }
    .into())
}

pub(crate) fn get_all_stories(
    ctx: &mut Ctx,
    _req: f::stories::GetAllStories,
) -> Result<enums::stories::AllStories, RpcErr> {
    let mut owners: Vec<Peer> = Vec::new();
    for s in &ctx.acc.social.stories {
        if !owners.contains(&s.owner) {
            owners.push(s.owner);
        }
    }
    let (users, chats) = ctx.refs(&[], &owners);
    Ok(types::stories::AllStories {
        has_more: false,
        count: owners.len() as i32,
        state: "demo".into(),
        peer_stories: owners.iter().map(|o| peer_stories(ctx, *o)).collect(),
        chats,
        users,
        stealth_mode: types::StoriesStealthMode {
            active_until_date: None,
            cooldown_until_date: None,
        }
        .into(),
    }
    .into())
}

pub(crate) fn get_story_views_list(
    ctx: &mut Ctx,
    req: f::stories::GetStoryViewsList,
) -> Result<enums::stories::StoryViewsList, RpcErr> {
    let me = Peer::User(ctx.acc.me.id);
    if resolve::peer(ctx.acc, &req.peer)? != me {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    }
    let s = ctx
        .acc
        .social
        .stories
        .iter()
        .find(|s| s.owner == me && s.id == req.id)
        .ok_or_else(|| RpcErr::bad("STORY_ID_INVALID"))?
        .clone();
    let limit = resolve::limit(req.limit, 100);
    let mut views = s.views.clone();
    views.sort_by_key(|v| std::cmp::Reverse(v.1));
    let viewers: Vec<Peer> = views.iter().map(|v| Peer::User(v.0)).collect();
    let (users, chats) = ctx.refs(&[], &viewers);
    Ok(types::stories::StoryViewsList {
        count: views.len() as i32,
        views_count: views.len() as i32,
        forwards_count: 0,
        reactions_count: views.iter().filter(|v| v.2.is_some()).count() as i32,
        views: views
            .iter()
            .take(limit)
            .map(|(user, date, r)| {
                types::StoryView {
                    blocked: false,
                    blocked_my_stories_from: false,
                    user_id: *user,
                    date: *date,
                    reaction: r.as_deref().map(reaction),
                }
                .into()
            })
            .collect(),
        chats,
        users,
        next_offset: None,
    }
    .into())
}

pub(crate) fn send_story(
    ctx: &mut Ctx,
    req: f::stories::SendStory,
) -> Result<enums::Updates, RpcErr> {
    let me = Peer::User(ctx.acc.me.id);
    if resolve::peer(ctx.acc, &req.peer)? != me {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    }
    if req
        .caption
        .as_ref()
        .is_some_and(|c| c.chars().count() > 2048)
    {
        return Err(RpcErr::bad("MEDIA_CAPTION_TOO_LONG"));
    }
    if !ctx.acc.remember_random_id(req.random_id) {
        return Err(RpcErr::new(500, "RANDOM_ID_DUPLICATE"));
    }
    let media = media_of(ctx, &req.media)?;
    let now = ctx.acc.now();
    let media = crate::convert_ext::media(&media, ctx.acc, now);
    ctx.acc.social.last_own_story += 1;
    let s = Story {
        owner: me,
        id: ctx.acc.social.last_own_story,
        date: now,
        expire_date: now + req.period.unwrap_or(DAY),
        caption: req.caption.unwrap_or_default(),
        media,
        pinned: req.pinned,
        views: Vec::new(),
        my_reaction: None,
    };
    ctx.acc.social.stories.push(s.clone());
    let list = vec![
        types::UpdateStoryId {
            id: s.id,
            random_id: req.random_id,
        }
        .into(),
        types::UpdateStory {
            peer: convert::peer(me),
            story: item(&s, ctx.acc.me.id),
        }
        .into(),
    ];
    Ok(updates(ctx, list, &[], me))
}

pub(crate) fn delete_stories(
    ctx: &mut Ctx,
    req: f::stories::DeleteStories,
) -> Result<Vec<i32>, RpcErr> {
    let me = Peer::User(ctx.acc.me.id);
    if resolve::peer(ctx.acc, &req.peer)? != me {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    }
    let stories = &mut ctx.acc.social.stories;
    let gone: Vec<i32> = req
        .id
        .iter()
        .copied()
        .filter(|id| stories.iter().any(|s| s.owner == me && s.id == *id))
        .collect();
    stories.retain(|s| !(s.owner == me && gone.contains(&s.id)));
    Ok(gone)
}

pub(crate) fn send_reaction(
    ctx: &mut Ctx,
    req: f::stories::SendReaction,
) -> Result<enums::Updates, RpcErr> {
    let owner = resolve::peer(ctx.acc, &req.peer)?;
    let emoji = match &req.reaction {
        enums::Reaction::Empty => None,
        enums::Reaction::Emoji(e) if !e.emoticon.trim().is_empty() => Some(e.emoticon.clone()),
        _ => return Err(RpcErr::bad("REACTION_INVALID")),
    };
    let s = ctx
        .acc
        .social
        .stories
        .iter_mut()
        .find(|s| s.owner == owner && s.id == req.story_id)
        .ok_or_else(|| RpcErr::bad("STORY_ID_INVALID"))?;
    s.my_reaction = emoji;
    Ok(updates(ctx, Vec::new(), &[], owner))
}

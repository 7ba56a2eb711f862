//! Users' profile photos (`photos.getUserPhotos`), downloaded through the
//! same capped path as message media.

use grammers_client::tl;

use super::transfer::{pick, sizes, Location, Target};
use super::GrammersBackend;
use crate::telegram::media::{DownloadOptions, ProfilePhoto};
use crate::telegram::TelegramError;

/// Most photos one call downloads.
pub const MAX_PHOTOS: u32 = 10;

impl GrammersBackend {
    pub(super) async fn profile_photos(
        &self,
        user: &str,
        limit: u32,
        opts: &DownloadOptions,
    ) -> Result<Vec<ProfilePhoto>, TelegramError> {
        let k = self.user_ref(user).await?;
        let client = self.link.client();
        let req = tl::functions::photos::GetUserPhotos {
            user_id: (&k.peer).into(),
            offset: 0,
            max_id: 0,
            limit: limit.clamp(1, MAX_PHOTOS) as i32,
        };
        let photos = match Self::or_not_found(user, self.link.run(client.invoke(&req)).await)? {
            tl::enums::photos::Photos::Photos(p) => p.photos,
            tl::enums::photos::Photos::Slice(p) => p.photos,
        };
        let mut out = Vec::new();
        for p in photos {
            let tl::enums::Photo::Photo(ph) = p else {
                continue;
            };
            let Some((kind, size, inline)) = pick(sizes(&ph.sizes), opts.thumbnail) else {
                continue;
            };
            let location = inline.is_none().then(|| Location {
                loc: tl::types::InputPhotoFileLocation {
                    id: ph.id,
                    access_hash: ph.access_hash,
                    file_reference: ph.file_reference.clone(),
                    thumb_size: kind,
                }
                .into(),
                dc: ph.dc_id,
                size: Some(size),
            });
            let target = Target {
                location,
                inline: inline.unwrap_or_default(),
                mime: "image/jpeg".into(),
                file_name: None,
            };
            out.push(ProfilePhoto {
                id: ph.id,
                date: i64::from(ph.date),
                image: self.download_target(target, opts.max_bytes).await?,
            });
        }
        Ok(out)
    }
}

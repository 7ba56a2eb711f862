//! A file given to a tool as base64 bytes or an https URL (never a path:
//! the host's files are out of reach; the host fetches URLs with caps).

use base64::Engine as _;

use crate::{Blob, MediaSource, ToolError};

/// The media source of `data_base64` or `url` (exactly one), at most
/// `max_bytes` of decoded bytes.
pub fn media_source(
    data_base64: Option<String>,
    url: Option<String>,
    mime: Option<String>,
    file_name: Option<String>,
    max_bytes: usize,
) -> Result<MediaSource, ToolError> {
    match (data_base64, url) {
        (Some(data), None) => {
            // Base64 of more than the cap is refused before decoding it.
            if data.len() > max_bytes / 3 * 4 + 4 {
                return Err(ToolError::InvalidArgs(format!(
                    "the file is larger than {max_bytes} bytes"
                )));
            }
            let clean: String = data.split_whitespace().collect();
            let clean = clean.trim_end_matches('=');
            let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(clean)
                .map_err(|e| ToolError::InvalidArgs(format!("data_base64 is not base64: {e}")))?;
            if bytes.is_empty() {
                return Err(ToolError::InvalidArgs("the file is empty".into()));
            }
            Ok(MediaSource::Bytes(Blob {
                mime: mime.unwrap_or_default(),
                file_name,
                data: bytes,
                truncated: false,
            }))
        }
        (None, Some(url)) => Ok(MediaSource::Url(url)),
        _ => Err(ToolError::InvalidArgs(
            "give exactly one of data_base64 or url".into(),
        )),
    }
}

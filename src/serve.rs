//! `jaarverslag serve`: local preview with live reload.

use std::net::IpAddr;
use std::path::PathBuf;

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// `None`: 1111, or a free port if 1111 is taken.
    pub port: Option<u16>,
}

pub fn serve(options: &ServeOptions) -> anyhow::Result<()> {
    anyhow::bail!("serve is not built yet ({options:?})")
}

//! Running futures a bounded number at once.

use std::future::Future;

use futures_util::StreamExt;

/// Runs `futures`, `limit` at once (at least one): whenever one finishes the next starts,
/// so a slow one holds up no other. The outputs are in `futures`' order.
pub(super) async fn in_order<F: Future>(limit: usize, futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let indexed = futures.into_iter().enumerate().map(|(i, f)| async move { (i, f.await) });
    let mut outputs: Vec<_> = futures_util::stream::iter(indexed).buffer_unordered(limit.max(1)).collect().await;
    outputs.sort_by_key(|(i, _)| *i);
    outputs.into_iter().map(|(_, output)| output).collect()
}

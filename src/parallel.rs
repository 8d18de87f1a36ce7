//! Work spread over the machine's cores, with results in the order of
//! the work (the output never depends on the number of threads). A leaf
//! module: loading, resolving and rendering all use it.

/// `m` locked, even when a thread panicked while holding it: what the
/// lock guards here is whole after every step (a cache, a log), and one
/// failed job must not stop the others or the preview.
pub fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How many threads work: the machine's cores, at most 8.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `f` applied to every item on a few threads; the results in item order
/// (the output does not depend on the number of threads), or the error of
/// the first item that failed.
pub fn parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, String> + Sync,
) -> Result<Vec<R>, String> {
    let threads = workers().min(items.len());
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Result<R, String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            break;
                        };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(mine) => mine,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `f` applied to every item on a few threads, for work that cannot fail;
/// the results in item order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    match parallel(items, |item| Ok::<R, String>(f(item))) {
        Ok(results) => results,
        Err(never) => unreachable!("{never}"),
    }
}

/// `f` applied to every item, changing it in place, on a few threads.
pub fn for_each_mut<T: Send>(items: &mut [T], f: impl Fn(&mut T) + Sync) {
    let threads = workers().min(items.len());
    if threads <= 1 {
        items.iter_mut().for_each(f);
        return;
    }
    // Items are handed out one at a time, so a long one does not leave
    // the other threads idle.
    let next = std::sync::Mutex::new(items.iter_mut());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let item = match next.lock() {
                        Ok(mut items) => items.next(),
                        Err(poisoned) => poisoned.into_inner().next(),
                    };
                    let Some(item) = item else {
                        break;
                    };
                    f(item);
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_keeps_item_order_and_reports_the_first_failure() {
        let items: Vec<u32> = (0..200).collect();
        // Uneven work, so threads finish out of order.
        let squares = parallel(&items, |&i| {
            if i % 7 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            Ok(i * i)
        })
        .unwrap();
        assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
        let failed = parallel(&items, |&i| {
            if i == 150 || i == 30 {
                Err(format!("item {i}"))
            } else {
                Ok(i)
            }
        });
        assert_eq!(failed, Err("item 30".to_string()));
    }

    #[test]
    fn for_each_mut_reaches_every_item_once() {
        let mut items: Vec<u64> = (0..500).collect();
        for_each_mut(&mut items, |i| *i = *i * 2 + 1);
        assert_eq!(items, (0..500).map(|i| i * 2 + 1).collect::<Vec<u64>>());
    }
}

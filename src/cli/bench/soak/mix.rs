//! The operation mix and its bookkeeping: which operations the soak's clients draw (with their
//! weights), a seedable random generator so that `--seed` reproduces the mix, and the per-operation
//! counts that the report prints.

/// The operations of the mix, with their weights (out of 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    CreateUser,
    PutUser,
    PatchUser,
    ReadUser,
    CreateGroup,
    AddMembers,
    RemoveMember,
    DeleteUser,
    DeleteGroup,
}

impl Op {
    pub const ALL: [Op; 9] = [
        Op::CreateUser,
        Op::PutUser,
        Op::PatchUser,
        Op::ReadUser,
        Op::CreateGroup,
        Op::AddMembers,
        Op::RemoveMember,
        Op::DeleteUser,
        Op::DeleteGroup,
    ];

    fn weight(self) -> u64 {
        match self {
            Op::CreateUser => 22,
            Op::PutUser => 12,
            Op::PatchUser => 14,
            Op::ReadUser => 6,
            Op::CreateGroup => 8,
            Op::AddMembers => 12,
            Op::RemoveMember => 10,
            Op::DeleteUser => 12,
            Op::DeleteGroup => 4,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Op::CreateUser => "POST user",
            Op::PutUser => "PUT user",
            Op::PatchUser => "PATCH user",
            Op::ReadUser => "GET user",
            Op::CreateGroup => "POST group",
            Op::AddMembers => "PATCH group add",
            Op::RemoveMember => "PATCH group remove",
            Op::DeleteUser => "DELETE user",
            Op::DeleteGroup => "DELETE group",
        }
    }

    pub fn index(self) -> usize {
        Op::ALL.iter().position(|o| *o == self).unwrap_or(0)
    }

    pub fn draw(r: u64) -> Op {
        let total: u64 = Op::ALL.iter().map(|o| o.weight()).sum();
        let mut r = r % total;
        for op in Op::ALL {
            if r < op.weight() {
                return op;
            }
            r -= op.weight();
        }
        Op::CreateUser
    }
}

/// Counts for one operation kind.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub sent: u64,
    pub acknowledged: u64,
    /// 409 (a name taken) and 404 (deleted meanwhile): the races the mix provokes.
    pub races: u64,
    pub errors: u64,
}

/// Per-operation counts and the first few errors, per client, summed at the end.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub counts: [Counts; 9],
    pub first_errors: Vec<String>,
}

impl Tally {
    pub fn merge(&mut self, other: Tally) {
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts) {
            mine.sent += theirs.sent;
            mine.acknowledged += theirs.acknowledged;
            mine.races += theirs.races;
            mine.errors += theirs.errors;
        }
        for e in other.first_errors {
            if self.first_errors.len() < 10 {
                self.first_errors.push(e);
            }
        }
    }

    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in &self.counts {
            t.sent += c.sent;
            t.acknowledged += c.acknowledged;
            t.races += c.races;
            t.errors += c.errors;
        }
        t
    }
}

/// SplitMix64: a small, seedable generator (the mix must be reproducible from `--seed`).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_drawn_and_a_seed_repeats_its_sequence() {
        let mut rng = Rng::new(42);
        let drawn: Vec<Op> = (0..2000).map(|_| Op::draw(rng.next())).collect();
        assert!(Op::ALL.iter().all(|op| drawn.contains(op)));
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert!((0..100).all(|_| a.next() == b.next()));
    }
}

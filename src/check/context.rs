//! The checker's shared state: the model and schedule, the id indexes, the accounts of every
//! (node, stage, nation, resource) that the reading passes fill and the later rules read, the
//! objective's parts as recomputed, and the violations found so far.

use std::collections::{BTreeMap, HashMap};

use crate::model::{FleetIx, Model, NationIx, NodeIx, ResIx, RouteIx};
use crate::schedule::{ObjectiveReport, Schedule, Stage};

use super::rules::{Rule, Tolerance, Violation};

/// Stage of stock at a node: at an ordinary node, or the two sides of a transit node with
/// handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum St {
    At,
    Awaiting,
    Handled,
}

impl St {
    pub(super) fn of(s: Stage) -> St {
        match s {
            Stage::At => St::At,
            Stage::AwaitingHandling => St::Awaiting,
            Stage::Handled => St::Handled,
        }
    }

    pub(super) fn word(self) -> &'static str {
        match self {
            St::At => "at",
            St::Awaiting => "awaiting handling at",
            St::Handled => "handled, awaiting onward lift at",
        }
    }
}

/// Per-day totals of one (node, stage, nation, resource).
#[derive(Debug, Clone)]
pub(super) struct Account {
    /// Supply, arrivals, handled goods becoming ready.
    pub(super) inflow: Vec<f64>,
    /// Departures, goods taken into handling, deliveries.
    pub(super) outflow: Vec<f64>,
    /// End-of-day stock as reported.
    pub(super) stock: Vec<f64>,
}

/// The state of one check of a schedule against a model.
pub(super) struct Checker<'a> {
    pub(super) m: &'a Model,
    pub(super) s: &'a Schedule,
    pub(super) tol: Tolerance,
    /// The model's horizon in days.
    pub(super) h: usize,
    /// The violations found so far, in the order found (sorted at the end).
    pub(super) out: Vec<Violation>,
    pub(super) nodes: HashMap<&'a str, NodeIx>,
    pub(super) routes: HashMap<&'a str, RouteIx>,
    pub(super) fleets: HashMap<&'a str, FleetIx>,
    pub(super) nations: HashMap<&'a str, NationIx>,
    pub(super) resources: HashMap<&'a str, ResIx>,
    pub(super) demands: HashMap<&'a str, usize>,
    pub(super) assets: HashMap<&'a str, usize>,
    /// Operational day of each hub node as the schedule states it (valid or not).
    pub(super) op: Vec<Option<usize>>,
    pub(super) accounts: BTreeMap<(NodeIx, St, NationIx, ResIx), Account>,
    pub(super) obj: ObjectiveReport,
}

fn index<'a, T>(items: &'a [T], id: impl Fn(&'a T) -> &'a str) -> HashMap<&'a str, usize> {
    let mut map = HashMap::with_capacity(items.len());
    for (i, x) in items.iter().enumerate() {
        map.entry(id(x)).or_insert(i);
    }
    map
}

impl<'a> Checker<'a> {
    pub(super) fn new(m: &'a Model, s: &'a Schedule, tol: Tolerance) -> Self {
        Checker {
            m,
            s,
            tol,
            h: m.horizon,
            out: Vec::new(),
            nodes: index(&m.nodes, |x| x.id.as_str()),
            routes: index(&m.routes, |x| x.id.as_str()),
            fleets: index(&m.fleets, |x| x.id.as_str()),
            nations: index(&m.nations, |x| x.id.as_str()),
            resources: index(&m.resources, |x| x.id.as_str()),
            demands: index(&m.demands, |x| x.id.as_str()),
            assets: index(&m.assets, |x| x.id.as_str()),
            op: vec![None; m.nodes.len()],
            accounts: BTreeMap::new(),
            obj: ObjectiveReport::default(),
        }
    }

    /// Records a violation of `rule`.
    pub(super) fn push(
        &mut self,
        rule: Rule,
        entity: impl Into<String>,
        day: Option<usize>,
        amount: f64,
        message: String,
    ) {
        self.out.push(Violation {
            rule,
            entity: entity.into(),
            day,
            amount,
            message,
        });
    }

    /// The account of nation `n`'s resource `r` in stage `st` at node `v`, opened empty.
    pub(super) fn account(&mut self, v: NodeIx, st: St, n: NationIx, r: ResIx) -> &mut Account {
        let h = self.h;
        self.accounts
            .entry((v, st, n, r))
            .or_insert_with(|| Account {
                inflow: vec![0.0; h],
                outflow: vec![0.0; h],
                stock: vec![0.0; h],
            })
    }

    /// Stage in which arrivals land at node `v`.
    pub(super) fn arrive_stage(&self, v: NodeIx) -> St {
        if self.m.nodes[v].handling.is_some() {
            St::Awaiting
        } else {
            St::At
        }
    }

    /// Stage from which departures (and deliveries) leave node `v`.
    pub(super) fn depart_stage(&self, v: NodeIx) -> St {
        if self.m.nodes[v].handling.is_some() {
            St::Handled
        } else {
            St::At
        }
    }

    /// `nation's resource`, for messages.
    pub(super) fn commodity(&self, n: NationIx, r: ResIx) -> String {
        format!("{}'s {}", self.m.nations[n].id, self.m.resources[r].id)
    }
}

/// A student (or, in a two-sided market in general, a proposer-side agent): a dense index
/// `0..<studentCount`. Names live in a side table at the input/output edge.
public typealias StudentID = Int
/// A school (or receiving-side agent): a dense index `0..<schoolCount`.
public typealias SchoolID = Int
/// An agent of a housing market: a dense index `0..<agentCount`.
public typealias AgentID = Int
/// A house (indivisible object) of a housing market: a dense index `0..<houseCount`.
public typealias HouseID = Int

/// The sentinel stored in ``Matching/assignment`` for an agent left unassigned.
public let unassigned: Int32 = -1

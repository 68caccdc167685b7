#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A request to stop a long run, raised by Ctrl-C (SIGINT) and polled by the run.
///
/// ```swift
/// Interrupt.install()                       // once, before the long work
/// while !done && !Interrupt.requested { step() }
/// if Interrupt.requested { /* keep the work done, say so, exit Interrupt.exitStatus */ }
/// ```
///
/// The signal handler only stores to a `sig_atomic_t` flag (the one thing a handler may
/// safely do, C11 7.14.1.1) and puts SIGINT back to its default action, so a second Ctrl-C
/// kills the process at once if the run does not stop soon enough. Work polls
/// ``requested`` at its natural checkpoints (a finished run, a pricing round, a node of a
/// branch-and-bound tree); nothing is unwound from inside the handler.
///
/// Libraries should not read the flag themselves: they take a "should stop" closure, and the
/// command line passes `{ Interrupt.requested }`, so that a library user keeps control of
/// what stops their work.
///
/// - Complexity: O(1) for every member.
public enum Interrupt {
  /// Set by the handler; read by ``requested``.
  nonisolated(unsafe) static var flag: sig_atomic_t = 0

  /// The conventional exit status of a run stopped by SIGINT: 128 + 2.
  public static let exitStatus: Int32 = 130

  /// Installs the SIGINT handler and clears any earlier request. Idempotent.
  public static func install() {
    flag = 0
    signal(SIGINT, { _ in
      Interrupt.flag = 1
      signal(SIGINT, SIG_DFL)
    })
  }

  /// Puts SIGINT back to its default action (terminate the process).
  public static func uninstall() {
    signal(SIGINT, SIG_DFL)
  }

  /// Whether Ctrl-C (or ``request()``) asked the run to stop.
  ///
  /// Not inlined, so that a polling loop reloads the flag on every call.
  public static var requested: Bool {
    @inline(never) get { flag != 0 }
  }

  /// Asks the run to stop as Ctrl-C would (for a caller's own stop button, or a test).
  public static func request() { flag = 1 }

  /// Clears a request.
  public static func reset() { flag = 0 }
}

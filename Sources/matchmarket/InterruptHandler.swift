import MatchingMarkets

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Installs the SIGINT handler of ``Interrupt`` and unblocks SIGINT, which a process can
/// inherit blocked (a test runner's thread, a supervisor): blocked, Ctrl-C would stay pending
/// and the run would never see it.
func installInterruptHandler() {
  var set = sigset_t()
  sigemptyset(&set)
  sigaddset(&set, SIGINT)
  pthread_sigmask(SIG_UNBLOCK, &set, nil)
  Interrupt.install()
}

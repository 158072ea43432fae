"""The engine's one error hierarchy. Every message names the tasks, links or fields at fault."""


class EngineError(Exception):
    """Base of every error the engine raises on bad input."""


class CycleError(EngineError):
    """The links form a cycle; ``tasks`` lists the ids of one cycle in order."""

    def __init__(self, tasks: list[object]) -> None:
        self.tasks = tasks
        super().__init__("The links form a cycle: " + " → ".join(str(t) for t in [*tasks, tasks[0]]))


class UnknownTaskError(EngineError):
    """A link, assignment or parent names a task that does not exist."""


class InvalidInputError(EngineError):
    """A value is out of range (a negative duration, an empty calendar, ...)."""


class FormatError(EngineError):
    """A file could not be read: malformed, hostile or too large."""


class InfeasibleError(EngineError):
    """The constraints admit no solution; the message says which ones conflict."""


class ConflictingForceInsError(InfeasibleError):
    """Proposals forced into a portfolio (mandatory or force-in) cannot all be selected together.

    ``proposals`` is a minimal conflicting set: dropping any one of them makes the rest feasible.
    """

    def __init__(self, proposals: list[str], reason: str) -> None:
        self.proposals = proposals
        super().__init__(f"These forced-in proposals cannot all be selected: {', '.join(proposals)} ({reason})")


class MissingRateError(InvalidInputError):
    """No exchange rate for a currency in a month; ``currency`` and ``month`` say which."""

    def __init__(self, currency: str, month: object) -> None:
        self.currency = currency
        self.month = month
        super().__init__(f"No exchange rate for {currency} in {month}")


class OutOfSpanError(InvalidInputError):
    """A moment or an amount of work falls outside the dates a calendar index was built for."""

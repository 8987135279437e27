using Nod.Model;

namespace Nod.Storage;

/// <summary>
/// A decision to store, with the version the writer read: the store refuses the write unless the stored version equals
/// <see cref="ExpectedVersion"/> (0: the decision must not exist yet). This is what makes a second resolution fail
/// even when two hosts share one store.
/// </summary>
/// <param name="Decision">The decision as it should be stored; its <see cref="Decision.Version"/> is <paramref name="ExpectedVersion"/> + 1.</param>
/// <param name="ExpectedVersion">The stored version the write is based on.</param>
public sealed record DecisionWrite(Decision Decision, int ExpectedVersion);

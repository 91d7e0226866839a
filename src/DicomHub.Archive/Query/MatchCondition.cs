namespace DicomHub.Archive.Query;

/// <summary>
/// How one key matches (PS3.4 C.2.2.2). A key's value text is turned into exactly one of these by
/// <see cref="MatchConditionParser"/>, so the SQL compiler never looks at wildcards or dashes itself.
/// </summary>
public abstract record MatchCondition;

/// <summary>Empty value: every entity matches; the attribute is only returned (C.2.2.2.3).</summary>
public sealed record UniversalMatch : MatchCondition
{
    public static UniversalMatch Instance { get; } = new();
}

/// <summary>The value equals the key (C.2.2.2.1); case-insensitive for PN, exact otherwise.</summary>
public sealed record SingleValueMatch(string Value) : MatchCondition;

/// <summary>Any of several values (C.2.2.2.2: UID list; QIDO also allows it for other VRs via multiplevaluematching).</summary>
public sealed record ListMatch(IReadOnlyList<string> Values) : MatchCondition;

/// <summary>A pattern with * (any run of characters) and ? (exactly one) (C.2.2.2.4).</summary>
public sealed record WildcardMatch(string Pattern) : MatchCondition;

/// <summary>An inclusive range of dates, times or date-times; a null bound is open (C.2.2.2.5).</summary>
public sealed record RangeMatch(string? Lower, string? Upper) : MatchCondition;

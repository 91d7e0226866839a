namespace DicomHub.Archive.Security;

/// <summary>
/// Role names and the actions each grants: the built-in read, write, delete, export and admin (one action each;
/// admin grants everything), plus the site's own from Security:Roles. Names compare case-insensitively.
/// </summary>
public sealed class RoleCatalog
{
    public const string AdminRole = "admin";

    private readonly Dictionary<string, IReadOnlySet<ArchiveAction>> _roles;

    private RoleCatalog(Dictionary<string, IReadOnlySet<ArchiveAction>> roles) => _roles = roles;

    /// <summary>Only the built-in roles.</summary>
    public static RoleCatalog BuiltIn { get; } = Build(new Dictionary<string, string[]>(), []);

    public IEnumerable<string> Names => _roles.Keys;

    /// <summary>The built-in roles plus <paramref name="custom"/> (name → action names); problems go to <paramref name="errors"/>.</summary>
    public static RoleCatalog Build(IReadOnlyDictionary<string, string[]> custom, List<string> errors)
    {
        var roles = new Dictionary<string, IReadOnlySet<ArchiveAction>>(StringComparer.OrdinalIgnoreCase);
        foreach (var action in Enum.GetValues<ArchiveAction>())
        {
            roles[action.ToString().ToLowerInvariant()] = new HashSet<ArchiveAction> { action };
        }

        foreach (var (name, actionNames) in custom)
        {
            if (roles.ContainsKey(name) && Enum.TryParse<ArchiveAction>(name, ignoreCase: true, out _))
            {
                errors.Add($"{SecurityOptions.SectionName}:Roles:{name}: '{name}' is a built-in role; give the site role another name.");
                continue;
            }

            var actions = new HashSet<ArchiveAction>();
            foreach (var actionName in actionNames)
            {
                if (Enum.TryParse<ArchiveAction>(actionName, ignoreCase: true, out var action) && Enum.IsDefined(action))
                {
                    actions.Add(action);
                }
                else
                {
                    errors.Add($"{SecurityOptions.SectionName}:Roles:{name} has '{actionName}': use Read, Write, Delete, Export or Admin.");
                }
            }

            roles[name] = actions;
        }

        return new RoleCatalog(roles);
    }

    public bool IsKnown(string role) => _roles.ContainsKey(role.Trim());

    /// <summary>The actions <paramref name="roleNames"/> grant together; names that are not roles grant nothing.</summary>
    public IReadOnlySet<ArchiveAction> ActionsOf(IEnumerable<string> roleNames)
    {
        var actions = new HashSet<ArchiveAction>();
        foreach (var name in roleNames)
        {
            if (_roles.TryGetValue(name.Trim(), out var granted))
            {
                actions.UnionWith(granted);
            }
        }

        return actions.Contains(ArchiveAction.Admin) ? ArchivePrincipal.AllActions() : actions;
    }

    /// <summary>Adds an error for each name in <paramref name="roleNames"/> that is no role, naming <paramref name="setting"/>.</summary>
    public void Check(IEnumerable<string> roleNames, string setting, List<string> errors)
    {
        foreach (var name in roleNames.Where(n => !IsKnown(n)))
        {
            errors.Add($"{setting} names the role '{name}', which does not exist: use {string.Join(", ", _roles.Keys.Order(StringComparer.OrdinalIgnoreCase))}, or define it under {SecurityOptions.SectionName}:Roles.");
        }
    }
}

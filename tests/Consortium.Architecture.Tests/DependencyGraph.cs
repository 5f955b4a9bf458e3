using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Consortium.Architecture.Tests;

/// <summary>
/// Which types of the consortium's assemblies use which other types, read from the compiled IL with Mono.Cecil: base
/// types, interfaces, attributes, fields, properties, events, method signatures, locals and every type, method and field
/// an instruction names. Nested and compiler-generated types count as their outermost declaring type.
/// </summary>
internal sealed class DependencyGraph
{
    private readonly Dictionary<string, HashSet<string>> _typeEdges = new(StringComparer.Ordinal);

    private DependencyGraph(IReadOnlyDictionary<string, ProjectType> types) => Types = types;

    /// <summary>Every top-level type written in the read assemblies, keyed by assembly and full name.</summary>
    public IReadOnlyDictionary<string, ProjectType> Types { get; }

    /// <summary>Reads the named assemblies from <paramref name="folder"/>.</summary>
    public static DependencyGraph Read(string folder, IEnumerable<string> assemblyNames)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(folder);
        var modules = assemblyNames
            .Select(name => ModuleDefinition.ReadModule(Path.Combine(folder, name + ".dll"), new ReaderParameters { AssemblyResolver = resolver }))
            .ToList();
        var types = new Dictionary<string, ProjectType>(StringComparer.Ordinal);
        foreach (var module in modules)
        {
            foreach (var type in module.Types.Where(IsWritten))
            {
                types[Key(module.Assembly.Name.Name, type.FullName)] = new ProjectType(type.FullName, type.Namespace, module.Assembly.Name.Name);
            }
        }

        var graph = new DependencyGraph(types);
        foreach (var module in modules)
        {
            foreach (var type in module.Types.Where(IsWritten))
            {
                var used = new HashSet<string>(StringComparer.Ordinal);
                Collect(type, used);
                var self = Key(module.Assembly.Name.Name, type.FullName);
                used.Remove(self);
                graph._typeEdges[self] = used;
            }
        }

        return graph;
    }

    /// <summary>The types outside the solution that an assembly's types use, by full name (e.g. "Nethereum.Web3.Web3").</summary>
    public IReadOnlySet<string> ExternalTypesUsedBy(string assembly) =>
        _typeEdges.Where(e => Types[e.Key].Assembly == assembly)
            .SelectMany(e => e.Value)
            .Where(t => !Types.ContainsKey(t))
            .Select(t => t[(t.IndexOf('|', StringComparison.Ordinal) + 1)..])
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Edges between namespaces of one assembly (namespace → namespaces it uses), self-loops left out.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> NamespaceEdges(string assembly)
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (from, used) in _typeEdges)
        {
            var source = Types[from];
            if (source.Assembly != assembly)
            {
                continue;
            }

            if (!edges.TryGetValue(source.Namespace, out var targets))
            {
                targets = new HashSet<string>(StringComparer.Ordinal);
                edges[source.Namespace] = targets;
            }

            foreach (var to in used)
            {
                if (Types.TryGetValue(to, out var target) && target.Assembly == assembly && target.Namespace != source.Namespace)
                {
                    targets.Add(target.Namespace);
                }
            }
        }

        return edges;
    }

    /// <summary>Assemblies of the solution that <paramref name="assembly"/>'s types use.</summary>
    public IReadOnlySet<string> AssembliesUsedBy(string assembly) =>
        _typeEdges.Where(e => Types[e.Key].Assembly == assembly)
            .SelectMany(e => e.Value)
            .Where(Types.ContainsKey)
            .Select(t => Types[t].Assembly)
            .Where(a => a != assembly)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether a top-level type was written in the solution rather than made by the compiler: the module type, the
    /// private implementation details and the attributes the compiler embeds in every assembly are left out.
    /// </summary>
    private static bool IsWritten(TypeDefinition type) =>
        type.Namespace.Length > 0
        && !type.Name.StartsWith('<')
        && type.Namespace is not ("System.Runtime.CompilerServices" or "Microsoft.CodeAnalysis" or "System.Diagnostics.CodeAnalysis")
        && !type.Namespace.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal);

    private static string Key(string assembly, string fullName) => assembly + "|" + fullName;

    private static void Collect(TypeDefinition type, HashSet<string> used)
    {
        Add(type.BaseType, used);
        foreach (var face in type.Interfaces)
        {
            Add(face.InterfaceType, used);
        }

        Attributes(type, used);
        foreach (var parameter in type.GenericParameters)
        {
            foreach (var constraint in parameter.Constraints)
            {
                Add(constraint.ConstraintType, used);
            }
        }

        foreach (var field in type.Fields)
        {
            Add(field.FieldType, used);
            Attributes(field, used);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType, used);
            Attributes(property, used);
        }

        foreach (var @event in type.Events)
        {
            Add(@event.EventType, used);
        }

        foreach (var method in type.Methods)
        {
            Method(method, used);
        }

        foreach (var nested in type.NestedTypes)
        {
            Collect(nested, used);
        }
    }

    private static void Method(MethodDefinition method, HashSet<string> used)
    {
        Add(method.ReturnType, used);
        Attributes(method, used);
        foreach (var parameter in method.Parameters)
        {
            Add(parameter.ParameterType, used);
            Attributes(parameter, used);
        }

        if (!method.HasBody)
        {
            return;
        }

        foreach (var local in method.Body.Variables)
        {
            Add(local.VariableType, used);
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference typeReference:
                    Add(typeReference, used);
                    break;
                case MethodReference methodReference:
                    Add(methodReference.DeclaringType, used);
                    Add(methodReference.ReturnType, used);
                    foreach (var parameter in methodReference.Parameters)
                    {
                        Add(parameter.ParameterType, used);
                    }

                    if (methodReference is GenericInstanceMethod generic)
                    {
                        foreach (var argument in generic.GenericArguments)
                        {
                            Add(argument, used);
                        }
                    }

                    break;
                case FieldReference fieldReference:
                    Add(fieldReference.DeclaringType, used);
                    Add(fieldReference.FieldType, used);
                    break;
            }
        }
    }

    private static void Attributes(ICustomAttributeProvider provider, HashSet<string> used)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            Add(attribute.AttributeType, used);
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Value is TypeReference typeArgument)
                {
                    Add(typeArgument, used);
                }
            }
        }
    }

    private static void Add(TypeReference? reference, HashSet<string> used)
    {
        switch (reference)
        {
            case null:
            case GenericParameter:
                return;
            case GenericInstanceType generic:
                Add(generic.ElementType, used);
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument, used);
                }

                return;
            case TypeSpecification specification:
                Add(specification.ElementType, used);
                return;
        }

        var outer = reference;
        while (outer.DeclaringType is not null)
        {
            outer = outer.DeclaringType;
        }

        var assembly = outer.Scope switch
        {
            AssemblyNameReference name => name.Name,
            ModuleDefinition module => module.Assembly.Name.Name,
            _ => outer.Scope?.Name ?? string.Empty,
        };
        used.Add(Key(assembly, outer.FullName));
    }
}

/// <summary>A top-level type of the solution: its full name, namespace and assembly.</summary>
internal sealed record ProjectType(string FullName, string Namespace, string Assembly);

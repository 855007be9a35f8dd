using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;

namespace KlingO1.Tests.Conventions
{
    /// <summary>
    /// The types one type refers to, read from the compiled assembly: its base type and interfaces, the types of its
    /// fields, properties, parameters and results, and every type, method or field its method bodies name (IL tokens),
    /// so a reference that a <c>using</c> hides, or one inside a lambda or an async method, is counted too.
    /// </summary>
    internal static class TypeReferences
    {
        private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value);

        /// <summary>Returns the types <paramref name="type"/> refers to (generic arguments and element types unwrapped).</summary>
        public static IEnumerable<Type> Of(Type type)
        {
            var found = new HashSet<Type>();
            void Add(Type? t)
            {
                if (t is null || t.IsGenericParameter)
                {
                    return;
                }

                if (t.HasElementType)
                {
                    Add(t.GetElementType());
                    return;
                }

                if (t.IsGenericType)
                {
                    foreach (var argument in t.GetGenericArguments())
                    {
                        Add(argument);
                    }

                    t = t.GetGenericTypeDefinition();
                }

                found.Add(t);
            }

            Add(type.BaseType);
            foreach (var implemented in type.GetInterfaces())
            {
                Add(implemented);
            }

            foreach (var field in type.GetFields(Everything))
            {
                Add(field.FieldType);
            }

            foreach (var property in type.GetProperties(Everything))
            {
                Add(property.PropertyType);
            }

            foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
            {
                if (method is MethodInfo info)
                {
                    Add(info.ReturnType);
                }

                foreach (var parameter in method.GetParameters())
                {
                    Add(parameter.ParameterType);
                }

                foreach (var named in BodyReferences(method))
                {
                    Add(named);
                }
            }

            return found;
        }

        private static IEnumerable<Type> BodyReferences(MethodBase method)
        {
            var il = method.GetMethodBody()?.GetILAsByteArray();
            if (il is null)
            {
                yield break;
            }

            var module = method.Module;
            var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
            var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
            var at = 0;
            while (at < il.Length)
            {
                var value = il[at] == 0xFE && at + 1 < il.Length ? (short)(0xFE00 | il[at + 1]) : il[at];
                var opCode = OpCodesByValue[value];
                at += opCode.Size;
                switch (opCode.OperandType)
                {
                    case OperandType.InlineType:
                    case OperandType.InlineTok:
                    case OperandType.InlineMethod:
                    case OperandType.InlineField:
                        var token = BitConverter.ToInt32(il, at);
                        MemberInfo? member = null;
                        try
                        {
                            member = module.ResolveMember(token, typeArguments, methodArguments);
                        }
                        catch (ArgumentException)
                        {
                            // A token into another module's generic context the resolver cannot place: not one of ours.
                        }

                        if (member is Type named)
                        {
                            yield return named;
                        }
                        else if (member?.DeclaringType is { } declaring)
                        {
                            yield return declaring;
                            if (member is MethodInfo called)
                            {
                                yield return called.ReturnType;
                            }
                            else if (member is FieldInfo field)
                            {
                                yield return field.FieldType;
                            }
                        }

                        at += 4;
                        break;
                    case OperandType.InlineSwitch:
                        at += 4 + (4 * BitConverter.ToInt32(il, at));
                        break;
                    default:
                        at += OperandSize(opCode.OperandType);
                        break;
                }
            }
        }

        private static int OperandSize(OperandType operand) => operand switch
        {
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            _ => 4,
        };
    }
}

using System.Text.Json;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// JSON samples of the specification kept in <c>SpecData/</c>, and the check that an answer has the sample's
/// field names and types.
/// </summary>
public static class SpecSamples
{
    /// <summary>
    /// A sample response, or an excerpt of one: <c>"name": value</c> lines (wrapped into an object) or one object
    /// of a list (its trailing comma dropped).
    /// </summary>
    public static JsonElement Read(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SpecData", file)).Trim().TrimEnd(',');
        if (!text.StartsWith('{'))
        {
            text = "{" + text + "}";
        }
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The <c>results</c> of a sample response, without <c>result_type</c> (the envelope's, checked apart).</summary>
    public static Dictionary<string, JsonElement> Results(string file) =>
        Read(file).GetProperty("results").EnumerateObject().Where(p => p.Name != "result_type").ToDictionary(p => p.Name, p => p.Value);

    /// <summary>
    /// Every field of the sample is in the answer with the same JSON type; objects are compared field by field,
    /// lists by their first entries. A sample's null says nothing about the type, so any value passes there.
    /// </summary>
    public static void AssertShape(JsonElement sample, JsonElement actual, string path = "")
    {
        switch (sample.ValueKind)
        {
            case JsonValueKind.Null:
                return;
            case JsonValueKind.Object:
                Assert.True(actual.ValueKind == JsonValueKind.Object, $"{path} is {actual.ValueKind}, the sample has an object");
                foreach (var field in sample.EnumerateObject())
                {
                    Assert.True(actual.TryGetProperty(field.Name, out var value), $"{path}.{field.Name} is missing");
                    AssertShape(field.Value, value, $"{path}.{field.Name}");
                }
                return;
            case JsonValueKind.Array:
                Assert.True(actual.ValueKind == JsonValueKind.Array, $"{path} is {actual.ValueKind}, the sample has a list");
                if (sample.GetArrayLength() > 0 && actual.GetArrayLength() > 0)
                {
                    AssertShape(sample[0], actual[0], $"{path}[0]");
                }
                return;
            default:
                Assert.True(Kind(sample) == Kind(actual), $"{path} is {actual.ValueKind} ({actual}), the sample has {sample.ValueKind} ({sample})");
                return;
        }
    }

    public static void AssertShape(IReadOnlyDictionary<string, JsonElement> sample, JsonElement actual)
    {
        foreach (var (name, value) in sample)
        {
            Assert.True(actual.TryGetProperty(name, out var field), $"{name} is missing");
            AssertShape(value, field, name);
        }
    }

    /// <summary>
    /// The fields of <paramref name="actual"/> that the sample does not have, as paths (<c>.data.user_id</c>), looked for
    /// in every object the sample has an object for; lists by their first entries.
    /// </summary>
    public static List<string> ExtraFields(JsonElement sample, JsonElement actual, string path = "")
    {
        var extra = new List<string>();
        if (sample.ValueKind == JsonValueKind.Object && actual.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in actual.EnumerateObject())
            {
                if (sample.TryGetProperty(field.Name, out var expected))
                {
                    extra.AddRange(ExtraFields(expected, field.Value, $"{path}.{field.Name}"));
                }
                else
                {
                    extra.Add($"{path}.{field.Name}");
                }
            }
        }
        else if (sample.ValueKind == JsonValueKind.Array && actual.ValueKind == JsonValueKind.Array && sample.GetArrayLength() > 0 && actual.GetArrayLength() > 0)
        {
            extra.AddRange(ExtraFields(sample[0], actual[0], $"{path}[0]"));
        }
        return extra;
    }

    private static JsonValueKind Kind(JsonElement e) => e.ValueKind == JsonValueKind.False ? JsonValueKind.True : e.ValueKind;
}

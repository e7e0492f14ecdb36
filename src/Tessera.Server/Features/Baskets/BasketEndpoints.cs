using System.Globalization;
using System.Text.Json;
using Tessera.Domain.Pricing;
using Tessera.Server.Auth;
using Tessera.Server.Features.Baskets.Returns;
using Tessera.Server.Protocol;
using static Tessera.Server.Protocol.JsonBody;

namespace Tessera.Server.Features.Baskets;

/// <summary>
/// <c>POST /auth/get-basket-price</c> (spec lines 3741-4374), <c>POST /auth/add-basket</c> (4375-5105, returns
/// inline 5106-5551) and <c>POST /auth/return</c> (5552-5640). JSON bodies; the Spaaza envelope.
/// </summary>
public static class BasketEndpoints
{
    public static IEndpointRouteBuilder MapBasketEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/get-basket-price", GetBasketPrice).WithName("get-basket-price");
        app.MapPost("/auth/add-basket", AddBasket).WithName("add-basket");
        app.MapPost("/auth/return", Return).WithName("return");
        return app;
    }

    private static Task<IResult> GetBasketPrice(HttpRequest request, Caller caller, BasketService baskets, CancellationToken ct) =>
        HandleAsync(request, caller, "get-basket-price", baskets.PriceAsync, ct);

    private static Task<IResult> AddBasket(HttpRequest request, Caller caller, BasketService baskets, CancellationToken ct) =>
        HandleAsync(request, caller, "add-basket", baskets.AddAsync, ct);

    private static async Task<IResult> HandleAsync(HttpRequest request, Caller caller, string resultType,
        Func<Caller, BasketInput, CancellationToken, Task<Outcome<BasketAnswer>>> handle, CancellationToken ct)
    {
        // The caller's kind first; its app and the basket's chain once the body is read (BasketScopes.ChainAsync).
        if (ChainScope.AdmitKind(caller, ChainRule.AdminOrPrivilegedRow) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        Outcome<BasketInput> input;
        using (var body = await JsonBody.ReadAsync(request, ct))
        {
            input = BasketRequest.Parse(body);
        }
        if (input.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var answer = await handle(caller, input.Value!, ct);
        return answer.Failure is { } refused ? Spaaza.Error(refused) : Answer(resultType, answer.Value!);
    }

    private static async Task<IResult> Return(HttpRequest request, Caller caller, StandaloneReturnService returns, CancellationToken ct)
    {
        // The caller's kind first; its app and the basket's chain once the body is read (BasketScopes.ChainAsync).
        if (ChainScope.AdmitKind(caller, ChainRule.AdminOrPrivilegedRow) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        Outcome<StandaloneReturn> input;
        using (var body = await JsonBody.ReadAsync(request, ct))
        {
            input = ParseReturn(body);
        }
        if (input.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var answer = await returns.ReturnStandaloneAsync(caller, input.Value!, ct);
        return answer.Failure is { } refused ? Spaaza.Error(refused) : Answer("return-handler", answer.Value!);
    }

    /// <summary>The envelope of a basket answer, its results as serialised once.</summary>
    private static IResult Answer(string resultType, BasketAnswer answer) => Spaaza.OkJson(resultType, answer.Utf8Json, answer.Warnings);

    /// <summary>A string or number value, trimmed; blank is absent.</summary>
    private static string? Trimmed(JsonElement? node) => Blanks.NullIfBlank(JsonBody.Scalar(node));

    /// <summary>spec return: entity, and return with original_basket_id or original_retailer_basket_code and items by owner_code or item_barcode.</summary>
    internal static Outcome<StandaloneReturn> ParseReturn(JsonDocument? document)
    {
        if (JsonBody.Root(document) is not { } body)
        {
            return ErrorCodes.JsonPostExpected.With(JsonBody.NotAJsonObject);
        }
        if (Get(body, "entity") is not { ValueKind: JsonValueKind.Object } entity
            || Get(body, "return") is not { ValueKind: JsonValueKind.Object } ret)
        {
            return ErrorCodes.HttpVarsMissing.With("entity and return are required");
        }
        var type = Trimmed(Get(entity, "entity_type"));
        if (type is not ("chain" or "business"))
        {
            return type is null ? ErrorCodes.HttpVarsMissing.With("entity.entity_type is required") : ErrorCodes.ParameterNotInWhitelist.With("entity_type must be chain or business");
        }
        if (!int.TryParse(Trimmed(Get(entity, "entity_id")), NumberStyles.None, CultureInfo.InvariantCulture, out var entityId))
        {
            return ErrorCodes.HttpVarsMissing.With("entity.entity_id must be an integer");
        }
        long? basketId = null;
        if (Trimmed(Get(ret, "original_basket_id")) is { } idText)
        {
            if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return ErrorCodes.ParameterSuppliedNotInteger.With("original_basket_id must be an integer");
            }
            basketId = id;
        }
        var basketCode = Trimmed(Get(ret, "original_retailer_basket_code"));
        if (basketId is null && basketCode is null)
        {
            return ErrorCodes.HttpVarsMissing.With("return.original_basket_id or return.original_retailer_basket_code is required");
        }
        var ownerCode = Trimmed(Get(ret, "return_owner_code"));
        if (ownerCode is { Length: > 255 })
        {
            return ErrorCodes.StringParameterTooLong.With("return_owner_code must be 255 characters or less");
        }
        var note = Trimmed(Get(ret, "note"));
        if (note is { Length: > 4095 })
        {
            return ErrorCodes.StringParameterTooLong.With("note must be 4095 characters or less");
        }
        if (Get(ret, "items") is not { ValueKind: JsonValueKind.Array } itemArray || itemArray.GetArrayLength() == 0)
        {
            return ErrorCodes.HttpVarsMissing.With("return.items is required");
        }
        var items = new List<StandaloneReturnItem>();
        foreach (var item in itemArray.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return ErrorCodes.ParameterInvalid.With("every return item must be an object");
            }
            var code = Trimmed(Get(item, "owner_code"));
            var barcode = Trimmed(Get(item, "item_barcode"));
            if (code is null && barcode is null)
            {
                return ErrorCodes.HttpVarsMissing.With("every return item needs an owner_code or an item_barcode");
            }
            // A weighed line may be returned in part: at most three decimals (ADR 0025); what is not such a number is
            // 300 and a number not above zero 419, as when quantities were whole.
            var quantity = 1m;
            if (Get(item, "quantity") is { } quantityNode
                && (!decimal.TryParse(Trimmed(quantityNode), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out quantity)
                    || !Quantities.HasValidPrecision(quantity) || quantity > Quantities.Max))
            {
                return ErrorCodes.ParameterSuppliedNotInteger.With("quantity must be a number with at most three decimals");
            }
            if (quantity <= 0)
            {
                return ErrorCodes.ParameterInvalid.With("quantity must be above 0");
            }
            items.Add(new StandaloneReturnItem(code, barcode, Quantities.Normalize(quantity)));
        }
        return new StandaloneReturn(new EntityInput(type, entityId, null, null, null, null), ownerCode, basketId, basketCode, note, items);
    }
}

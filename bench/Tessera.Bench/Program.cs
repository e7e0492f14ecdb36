using BenchmarkDotNet.Running;

namespace Tessera.Bench;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "fuzz")
        {
            return await FuzzCommand.RunAsync(args[1..]);
        }
        if (args is ["webhook-receiver", var port])
        {
            WebhookReceiver.Run(port);
            return 0;
        }
        if (args is ["receipt-sample", var path])
        {
            await File.WriteAllBytesAsync(path, Tessera.Server.Features.Receipts.ReceiptPdfRenderer.Render(ReceiptPdfBenchmarks.Sample(20), null));
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}

using BenchmarkDotNet.Running;

namespace Tessera.Bench;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["receipt-sample", var path])
        {
            File.WriteAllBytes(path, Tessera.Server.Features.Receipts.ReceiptPdfRenderer.Render(ReceiptPdfBenchmarks.Sample(20), null));
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

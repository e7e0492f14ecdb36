using BenchmarkDotNet.Running;

namespace Tessera.Bench;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["webhook-receiver", var port])
        {
            WebhookReceiver.Run(port);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}

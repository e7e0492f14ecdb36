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
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}

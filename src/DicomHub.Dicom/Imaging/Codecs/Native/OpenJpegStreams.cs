using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace DicomHub.Dicom.Imaging.Codecs.Native;

/// <summary>
/// The callbacks OpenJPEG calls: reading a compressed frame held in pinned memory, writing into a managed
/// <see cref="MemoryStream"/> (the encoder seeks back to patch lengths), and collecting error messages. They
/// never throw into native code: a failure is a return value OpenJPEG understands.
/// </summary>
internal static unsafe class OpenJpegStreams
{
    /// <summary>A pinned input buffer and the read position (lives on the decoder's stack while OpenJPEG reads it).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Input
    {
        public byte* Data;
        public long Length;
        public long Position;
    }

    /// <summary>An opj_stream_t reading <paramref name="input"/>, which must stay pinned until the stream is destroyed.</summary>
    public static nint CreateInput(Input* input)
    {
        var stream = OpenJpegNative.StreamCreate(1 << 16, 1);
        OpenJpegNative.StreamSetReadFunction(stream, &Read);
        OpenJpegNative.StreamSetSkipFunction(stream, &SkipInput);
        OpenJpegNative.StreamSetSeekFunction(stream, &SeekInput);
        OpenJpegNative.StreamSetUserData(stream, (nint)input, 0);
        OpenJpegNative.StreamSetUserDataLength(stream, (ulong)input->Length);
        return stream;
    }

    /// <summary>An opj_stream_t writing into the <see cref="MemoryStream"/> behind <paramref name="output"/> (a GCHandle).</summary>
    public static nint CreateOutput(GCHandle output)
    {
        var stream = OpenJpegNative.StreamCreate(1 << 16, 0);
        OpenJpegNative.StreamSetWriteFunction(stream, &Write);
        OpenJpegNative.StreamSetSkipFunction(stream, &SkipOutput);
        OpenJpegNative.StreamSetSeekFunction(stream, &SeekOutput);
        OpenJpegNative.StreamSetUserData(stream, GCHandle.ToIntPtr(output), 0);
        return stream;
    }

    /// <summary>Installs an error handler appending OpenJPEG's messages to the <see cref="StringBuilder"/> behind <paramref name="errors"/>.</summary>
    public static void CollectErrors(nint codec, GCHandle errors) =>
        OpenJpegNative.SetErrorHandler(codec, &OnError, GCHandle.ToIntPtr(errors));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nuint Read(byte* buffer, nuint count, nint user)
    {
        var input = (Input*)user;
        var available = input->Length - input->Position;
        if (available <= 0)
        {
            return unchecked((nuint)(-1));
        }

        var n = (long)Math.Min((ulong)available, count);
        Buffer.MemoryCopy(input->Data + input->Position, buffer, (long)count, n);
        input->Position += n;
        return (nuint)n;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static long SkipInput(long count, nint user)
    {
        var input = (Input*)user;
        var target = Math.Clamp(input->Position + count, 0, input->Length);
        var skipped = target - input->Position;
        input->Position = target;
        return skipped == 0 && count != 0 ? -1 : skipped;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int SeekInput(long position, nint user)
    {
        var input = (Input*)user;
        if (position < 0 || position > input->Length)
        {
            return 0;
        }

        input->Position = position;
        return 1;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nuint Write(byte* buffer, nuint count, nint user)
    {
        try
        {
            var stream = (MemoryStream)GCHandle.FromIntPtr(user).Target!;
            stream.Write(new ReadOnlySpan<byte>(buffer, checked((int)count)));
            return count;
        }
        catch (Exception e) when (e is IOException or OverflowException or NotSupportedException or OutOfMemoryException)
        {
            return unchecked((nuint)(-1));
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static long SkipOutput(long count, nint user)
    {
        var stream = (MemoryStream)GCHandle.FromIntPtr(user).Target!;
        var target = stream.Position + count;
        if (target < 0)
        {
            return -1;
        }

        if (target > stream.Length)
        {
            stream.SetLength(target);
        }

        stream.Position = target;
        return count;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int SeekOutput(long position, nint user)
    {
        var stream = (MemoryStream)GCHandle.FromIntPtr(user).Target!;
        if (position < 0)
        {
            return 0;
        }

        if (position > stream.Length)
        {
            stream.SetLength(position);
        }

        stream.Position = position;
        return 1;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnError(byte* message, nint user)
    {
        var errors = (StringBuilder)GCHandle.FromIntPtr(user).Target!;
        var text = Marshal.PtrToStringUTF8((nint)message)?.Trim();
        if (!string.IsNullOrEmpty(text) && errors.Length < 2000)
        {
            errors.Append(errors.Length == 0 ? string.Empty : "; ").Append(text);
        }
    }
}

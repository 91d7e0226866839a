using System.Runtime.InteropServices;

namespace DicomHub.Dicom.Imaging.Codecs.Native;

/// <summary>CharLS 2.x C API (charls_jpegls_decoder.h, charls_jpegls_encoder.h), as Debian's libcharls2 ships it.</summary>
internal static partial class CharLSNative
{
    public const int InterleaveNone = 0;
    public const int InterleaveSample = 2;

    [StructLayout(LayoutKind.Sequential)]
    public struct FrameInfo
    {
        public uint Width;
        public uint Height;
        public int BitsPerSample;
        public int ComponentCount;
    }

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_decoder_create")]
    public static partial nint DecoderCreate();

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_decoder_destroy")]
    public static partial void DecoderDestroy(nint decoder);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_decoder_set_source_buffer")]
    public static unsafe partial int DecoderSetSourceBuffer(nint decoder, byte* source, nuint size);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_decoder_read_header")]
    public static partial int DecoderReadHeader(nint decoder);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_decoder_get_frame_info")]
    public static partial int DecoderGetFrameInfo(nint decoder, out FrameInfo frameInfo);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_decoder_get_interleave_mode")]
    public static partial int DecoderGetInterleaveMode(nint decoder, out int interleaveMode);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_decoder_get_near_lossless")]
    public static partial int DecoderGetNearLossless(nint decoder, int component, out int nearLossless);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_decoder_get_destination_size")]
    public static partial int DecoderGetDestinationSize(nint decoder, uint stride, out nuint size);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_decoder_decode_to_buffer")]
    public static unsafe partial int DecoderDecodeToBuffer(nint decoder, byte* destination, nuint size, uint stride);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_encoder_create")]
    public static partial nint EncoderCreate();

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_encoder_destroy")]
    public static partial void EncoderDestroy(nint encoder);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_encoder_set_frame_info")]
    public static partial int EncoderSetFrameInfo(nint encoder, in FrameInfo frameInfo);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_encoder_set_near_lossless")]
    public static partial int EncoderSetNearLossless(nint encoder, int nearLossless);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_encoder_set_interleave_mode")]
    public static partial int EncoderSetInterleaveMode(nint encoder, int interleaveMode);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_encoder_get_estimated_destination_size")]
    public static partial int EncoderGetEstimatedDestinationSize(nint encoder, out nuint size);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_encoder_set_destination_buffer")]
    public static unsafe partial int EncoderSetDestinationBuffer(nint encoder, byte* destination, nuint size);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_encoder_encode_from_buffer")]
    public static unsafe partial int EncoderEncodeFromBuffer(nint encoder, byte* source, nuint size, uint stride);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_jpegls_encoder_get_bytes_written")]
    public static partial int EncoderGetBytesWritten(nint encoder, out nuint bytesWritten);

    [LibraryImport(NativeCodecLibrary.CharLS, EntryPoint = "charls_get_error_message")]
    public static partial nint GetErrorMessage(int error);

    /// <summary>CharLS's own text for a non-zero error code.</summary>
    public static string Message(int error) => Marshal.PtrToStringUTF8(GetErrorMessage(error)) ?? $"error {error}";
}

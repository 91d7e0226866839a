using System.Runtime.InteropServices;

namespace DicomHub.Dicom.Imaging.Codecs.Native;

/// <summary>
/// OpenJPEG 2.x C API (openjpeg.h) as Debian's libopenjp2-7 (2.5.0) ships it. The structures are used through
/// their field offsets on x86-64/arm64 Linux (LP64), measured with offsetof() against the 2.5 header:
/// opj_cparameters_t is 18720 bytes, opj_dparameters_t 8252, opj_image_t 48, opj_image_comp_t 64,
/// opj_image_cmptparm_t 36. They have been stable since OpenJPEG 2.1.
/// </summary>
internal static unsafe partial class OpenJpegNative
{
    public const int CodecJ2k = 0;
    public const int ColorSpaceSrgb = 1;
    public const int ColorSpaceGray = 2;
    public const int ColorSpaceSycc = 3;
    public const int ProgressionLrcp = 0;
    public const int ProgressionRpcl = 2;

    public const int CParametersSize = 18720;
    public const int DParametersSize = 8252;

    // opj_cparameters_t fields.
    public const int CpDistoAlloc = 20;
    public const int ProgOrder = 52;
    public const int TcpNumLayers = 4796;
    public const int TcpRates = 4800;
    public const int NumResolution = 5600;
    public const int Irreversible = 5616;
    public const int TcpMct = 18698;

    [StructLayout(LayoutKind.Sequential)]
    public struct Image
    {
        public uint X0;
        public uint Y0;
        public uint X1;
        public uint Y1;
        public uint NumComps;
        public int ColorSpace;
        public ImageComponent* Comps;
        public byte* IccProfileBuffer;
        public uint IccProfileLength;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ImageComponent
    {
        public uint Dx;
        public uint Dy;
        public uint W;
        public uint H;
        public uint X0;
        public uint Y0;
        public uint Prec;
        public uint Bpp;
        public uint Sgnd;
        public uint ResnoDecoded;
        public uint Factor;
        public int* Data;
        public ushort Alpha;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ComponentParameters
    {
        public uint Dx;
        public uint Dy;
        public uint W;
        public uint H;
        public uint X0;
        public uint Y0;
        public uint Prec;
        public uint Bpp;
        public uint Sgnd;
    }

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_version")]
    public static partial nint Version();

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_create_decompress")]
    public static partial nint CreateDecompress(int format);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_create_compress")]
    public static partial nint CreateCompress(int format);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_destroy_codec")]
    public static partial void DestroyCodec(nint codec);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_set_default_decoder_parameters")]
    public static partial void SetDefaultDecoderParameters(byte* parameters);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_set_default_encoder_parameters")]
    public static partial void SetDefaultEncoderParameters(byte* parameters);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_setup_decoder")]
    public static partial int SetupDecoder(nint codec, byte* parameters);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_setup_encoder")]
    public static partial int SetupEncoder(nint codec, byte* parameters, Image* image);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_set_error_handler")]
    public static partial int SetErrorHandler(nint codec, delegate* unmanaged[Cdecl]<byte*, nint, void> callback, nint userData);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_read_header")]
    public static partial int ReadHeader(nint stream, nint codec, Image** image);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_decode")]
    public static partial int Decode(nint codec, nint stream, Image* image);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_end_decompress")]
    public static partial int EndDecompress(nint codec, nint stream);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_start_compress")]
    public static partial int StartCompress(nint codec, Image* image, nint stream);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_encode")]
    public static partial int Encode(nint codec, nint stream);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_end_compress")]
    public static partial int EndCompress(nint codec, nint stream);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_image_create")]
    public static partial Image* ImageCreate(uint componentCount, ComponentParameters* parameters, int colorSpace);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_image_destroy")]
    public static partial void ImageDestroy(Image* image);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_stream_create")]
    public static partial nint StreamCreate(nuint bufferSize, int isInput);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_stream_destroy")]
    public static partial void StreamDestroy(nint stream);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_stream_set_read_function")]
    public static partial void StreamSetReadFunction(nint stream, delegate* unmanaged[Cdecl]<byte*, nuint, nint, nuint> function);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_stream_set_write_function")]
    public static partial void StreamSetWriteFunction(nint stream, delegate* unmanaged[Cdecl]<byte*, nuint, nint, nuint> function);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_stream_set_skip_function")]
    public static partial void StreamSetSkipFunction(nint stream, delegate* unmanaged[Cdecl]<long, nint, long> function);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_stream_set_seek_function")]
    public static partial void StreamSetSeekFunction(nint stream, delegate* unmanaged[Cdecl]<long, nint, int> function);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_stream_set_user_data")]
    public static partial void StreamSetUserData(nint stream, nint userData, nint freeFunction);

    [LibraryImport(NativeCodecLibrary.OpenJpeg, EntryPoint = "opj_stream_set_user_data_length")]
    public static partial void StreamSetUserDataLength(nint stream, ulong length);
}

using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Imaging.Codecs.Native;

/// <summary>
/// The Debian libraries the native codecs load (by soname, through P/Invoke) and the error a user sees when
/// one is missing: the transfer syntax, the library and the package that installs it. scripts/install-test-deps.sh
/// and the README's setup install all of them.
/// </summary>
internal static class NativeCodecLibrary
{
    public const string CharLS = "libcharls.so.2";
    public const string CharLSPackage = "libcharls2";
    public const string OpenJpeg = "libopenjp2.so.7";
    public const string OpenJpegPackage = "libopenjp2-7";
    public const string TurboJpeg = "libturbojpeg.so.0";
    public const string TurboJpegPackage = "libturbojpeg0";

    /// <summary>True for the exceptions P/Invoke throws when the library or one of its functions is missing (not installed, too old).</summary>
    public static bool IsMissing(Exception e) => e is DllNotFoundException or EntryPointNotFoundException;

    /// <summary>The error for a missing library: the syntax, the library and the Debian package to install.</summary>
    public static TransferSyntaxNotSupportedException Missing(TransferSyntax syntax, string library, string package, Exception inner) =>
        new(syntax, $"{syntax.Name} ({syntax.Uid}) needs the native library {library}, which could not be loaded: install Debian's {package} (apt-get install {package}; scripts/install-test-deps.sh does) and restart. ({inner.Message})", inner);
}

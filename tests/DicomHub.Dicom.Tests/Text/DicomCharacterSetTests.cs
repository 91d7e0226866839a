using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Text;

namespace DicomHub.Dicom.Tests.Text;

public class DicomCharacterSetTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static DicomCharacterSet Set(string value) => DicomCharacterSet.FromTerms(value.Split('\\'));

    public static TheoryData<string, string, string> StandardExamples => new()
    {
        // PS3.5 H.3.1: Japanese, JIS X 0208 in G0, ASCII back before every delimiter.
        {
            "\\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう",
            "59 61 6d 61 64 61 5e 54 61 72 6f 75 3d 1b 24 42 3b 33 45 44 1b 28 42 5e 1b 24 42 42 40 4f 3a 1b 28 42 3d 1b 24 42 24 64 24 5e 24 40 1b 28 42 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 42"
        },

        // PS3.5 H.3.2: half-width Katakana in the initial G1, Romaji the initial G0.
        {
            "ISO 2022 IR 13\\ISO 2022 IR 87", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
            "d4 cf c0 de 5e c0 db b3 3d 1b 24 42 3b 33 45 44 1b 28 4a 5e 1b 24 42 42 40 4f 3a 1b 28 4a 3d 1b 24 42 24 64 24 5e 24 40 1b 28 4a 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 4a"
        },

        // PS3.5 I.2: Korean, KS X 1001 designated to G1 again after every delimiter.
        {
            "\\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동",
            "48 6f 6e 67 5e 47 69 6c 64 6f 6e 67 3d 1b 24 29 43 fb f3 5e 1b 24 29 43 d1 ce d4 d7 3d 1b 24 29 43 c8 ab 5e 1b 24 29 43 b1 e6 b5 bf"
        },

        // PS3.5 J.1: GB18030 needs no escapes (東 is a GBK code with a trail byte below 0xA1).
        { "GB18030", "Wang^XiaoDong=王^小東=", "57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d cd f5 5e d0 a1 96 7c 3d" },

        // PS3.5 J.3: GB 2312 through ISO 2022 IR 58 (value padded with a space to even length).
        {
            "\\ISO 2022 IR 58", "Zhang^XiaoDong=张^小东=",
            "5a 68 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d 1b 24 29 41 d5 c5 5e 1b 24 29 41 d0 a1 b6 ab 3d 20"
        },

        // PS3.5 Annex C/D style single-byte examples.
        { "ISO_IR 100", "Buc^Jérôme", "42 75 63 5e 4a e9 72 f4 6d 65" },
        { "ISO_IR 126", "Διονυσιος", "c4 e9 ef ed f5 f3 e9 ef f2 20" },
        { "ISO_IR 144", "Люксембург", "bb ee da e1 d5 dc d1 e3 e0 d3" },
        { "ISO_IR 138", "שרון^דבורה", "f9 f8 e5 ef 5e e3 e1 e5 f8 e4" },
        { "ISO_IR 127", "قباني^لنزار", "e2 c8 c7 e6 ea 5e e4 e6 d2 c7 d1 20" },
        { "ISO_IR 192", "Wang^XiaoDong=王^小东=", "57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d e7 8e 8b 5e e5 b0 8f e4 b8 9c 3d 20" },
        { "ISO_IR 166", "ภาษาไทย", "c0 d2 c9 d2 e4 b7 c2 20" },
        { "ISO_IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ", "d4 cf c0 de 5e c0 db b3" },
    };

    [Theory]
    [MemberData(nameof(StandardExamples))]
    public void Encodes_the_standards_examples_byte_for_byte(string specificCharacterSet, string name, string hex)
    {
        var bytes = Set(specificCharacterSet).EncodeStrings([name], DicomVR.PN);

        Assert.Equal(Convert.ToHexString(Hex(hex)), Convert.ToHexString(bytes));
    }

    [Theory]
    [MemberData(nameof(StandardExamples))]
    public void Decodes_the_standards_examples(string specificCharacterSet, string name, string hex)
    {
        var set = Set(specificCharacterSet);

        Assert.Equal(name, set.DecodeString(Hex(hex), DicomVR.PN));
        Assert.Empty(set.Warnings);
    }

    [Fact]
    public void Designations_reset_at_value_delimiters_so_each_value_stands_alone()
    {
        var set = Set("\\ISO 2022 IR 149");
        var bytes = set.EncodeStrings(["洪", "Hong", "길동"], DicomVR.LO);

        Assert.Equal(["洪", "Hong", "길동"], set.DecodeStrings(bytes, DicomVR.LO));
        Assert.Equal(2, bytes.AsSpan().Count(new byte[] { 0x1B, 0x24, 0x29, 0x43 }));
    }

    [Fact]
    public void Designations_reset_at_line_breaks_in_text()
    {
        var set = Set("\\ISO 2022 IR 87");
        var text = "山田\r\nやまだ\tTarou";
        var bytes = set.EncodeStrings([text], DicomVR.LT);

        Assert.Equal(text, set.DecodeString(bytes, DicomVR.LT));
        // ASCII is designated again before the CR, as in the PS3.5 H.3 examples.
        Assert.Equal(Hex("1b 24 42 3b 33 45 44 1b 28 42 0d 0a"), bytes[..12]);
    }

    [Fact]
    public void A_caret_is_a_delimiter_in_PN_only()
    {
        // ESC $ ) C in G1, then '^': in LO the designation stays, so the bytes after it are still Korean.
        var bytes = Hex("1b 24 29 43 fb f3 5e fb f3");
        var set = Set("\\ISO 2022 IR 149");

        Assert.Equal("洪^洪", set.DecodeString(bytes, DicomVR.LO));
        Assert.Equal("洪^" + "\u00fb\u00f3", set.DecodeString(bytes, DicomVR.PN));
    }

    [Fact]
    public void Jis_X_0212_round_trips_through_its_own_escape()
    {
        var set = Set("\\ISO 2022 IR 87\\ISO 2022 IR 159");
        var bytes = set.EncodeStrings(["丂山"], DicomVR.LO);

        Assert.Equal(Hex("1b 24 28 44 30 21 1b 24 42 3b 33 1b 28 42"), bytes);
        Assert.Equal("丂山", set.DecodeString(bytes, DicomVR.LO));
    }

    [Fact]
    public void Latin1_and_Japanese_mix_with_code_extensions()
    {
        var set = Set("ISO 2022 IR 100\\ISO 2022 IR 87");
        var name = "Jérôme^Buc=山田";
        var bytes = set.EncodeStrings([name], DicomVR.PN);

        Assert.Equal(name, set.DecodeString(bytes, DicomVR.PN));
        // Latin-1 is the initial G1: written with no escape at all.
        Assert.Equal(Hex("4a e9 72 f4 6d 65"), bytes[..6]);
    }

    [Theory]
    [InlineData("ISO_IR 100", "Ærøskøbing Müller Ñandú")]
    [InlineData("ISO_IR 101", "Łódź Příliš žluťoučký")]
    [InlineData("ISO_IR 109", "Ġgantija ħ")]
    [InlineData("ISO_IR 110", "Šiaulių ąčęėįšųūž")]
    [InlineData("ISO_IR 144", "Москва^Иван")]
    [InlineData("ISO_IR 127", "قباني^لنزار")]
    [InlineData("ISO_IR 126", "Αθήνα^Διονύσιος")]
    [InlineData("ISO_IR 138", "שרון^דבורה")]
    [InlineData("ISO_IR 148", "İstanbul^Şükrü")]
    [InlineData("ISO_IR 203", "Œuvre 5€")]
    [InlineData("ISO_IR 166", "สมชาย^ใจดี")]
    [InlineData("ISO_IR 192", "Grüße 山田 홍길동 Ελλάδα 😀")]
    [InlineData("GB18030", "王小東 张小东 😀")]
    [InlineData("GBK", "王小東 张小东")]
    [InlineData("ISO 2022 IR 6\\ISO 2022 IR 144\\ISO 2022 IR 126", "Иван^Διονύσιος")]
    public void Round_trips(string specificCharacterSet, string text)
    {
        var set = Set(specificCharacterSet);
        var bytes = set.EncodeStrings([text], DicomVR.LO);

        Assert.Equal(0, bytes.Length % 2);
        Assert.Equal(text, set.DecodeString(bytes, DicomVR.LO));
        Assert.Empty(set.Warnings);
    }

    [Fact]
    public void Unknown_terms_decode_as_Latin1_with_a_warning()
    {
        var set = Set("ISO_IR 999");

        Assert.Equal("Jérôme", set.DecodeString(Hex("4a e9 72 f4 6d 65"), DicomVR.PN));
        Assert.Contains(set.Warnings, w => w.Contains("ISO_IR 999", StringComparison.Ordinal));
    }

    [Fact]
    public void Values_without_code_extensions_and_non_text_VRs_stay_ASCII()
    {
        var set = Set("\\ISO 2022 IR 87");

        Assert.Equal(Hex("31 2e 32 2e 33 00"), set.EncodeStrings(["1.2.3"], DicomVR.UI));
        Assert.Equal("ORIGINAL", set.DecodeStrings(Hex("4f 52 49 47 49 4e 41 4c 5c 50 52 49 4d 41 52 59"), DicomVR.CS)[0]);
        Assert.Equal("ISO_IR 6", DicomCharacterSet.Default.ToString());
    }

    [Fact]
    public void Characters_no_listed_set_has_become_question_marks()
    {
        var bytes = Set("\\ISO 2022 IR 149").EncodeStrings(["ق"], DicomVR.LO);

        Assert.Equal(Hex("3f 20"), bytes);
    }

    [Fact]
    public void The_data_set_decodes_with_its_own_character_set()
    {
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.SpecificCharacterSet, "\\ISO 2022 IR 87".Split('\\'));
        dataset.AddOrUpdate(DicomTags.PatientName, "Yamada^Tarou=山田^太郎=やまだ^たろう");

        var stored = dataset.Get<DicomElement>(DicomTags.PatientName)!.Buffer.Memory.ToArray();
        Assert.Equal(Hex("59 61 6d 61 64 61 5e 54 61 72 6f 75 3d 1b 24 42 3b 33 45 44 1b 28 42"), stored[..23]);
        Assert.Equal("山田^太郎", dataset.GetPersonName(DicomTags.PatientName)!.Ideographic);
    }

    [Theory]
    [InlineData("\\ISO 2022 IR 87\\ISO 2022 IR 159")]
    [InlineData("ISO 2022 IR 13\\ISO 2022 IR 87")]
    [InlineData("\\ISO 2022 IR 149")]
    [InlineData("\\ISO 2022 IR 58")]
    [InlineData("ISO 2022 IR 100\\ISO 2022 IR 144\\ISO 2022 IR 126")]
    [InlineData("GB18030")]
    [InlineData("ISO_IR 192")]
    [InlineData("ISO_IR 13")]
    public void Garbage_bytes_decode_without_throwing_and_encoded_values_keep_their_count(string specificCharacterSet)
    {
        var set = Set(specificCharacterSet);
        var random = new Random(20240229);
        var bytes = new byte[257];
        for (var round = 0; round < 200; round++)
        {
            random.NextBytes(bytes);
            // Escape sequences and delimiters made likely, so every state of the decoder is visited.
            for (var i = 0; i < bytes.Length; i += 7)
            {
                bytes[i] = (byte)(random.Next(4) switch { 0 => 0x1B, 1 => 0x5C, 2 => 0x5E, _ => bytes[i] });
            }

            var text = set.DecodeString(bytes, DicomVR.PN);
            Assert.NotNull(text);
        }

        // Encoding any text and decoding it again keeps the value count (delimiters survive any designation).
        var values = new[] { "山田", "Ж", "홍", "张", "ﾀﾛｳ", "é", "😀", string.Empty, "plain" };
        var encoded = set.EncodeStrings(values, DicomVR.LO);
        Assert.Equal(values.Length, set.DecodeStrings(encoded, DicomVR.LO).Length);
    }
}
